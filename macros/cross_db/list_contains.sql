{#- True when the comma-separated list `list_expression` (a profile column
    such as dim_customers.interests or dim_customers.tags) holds the item
    `item` as a whole element: list_contains('interests', 'running') matches
    'cycling,running' but not 'trail_running'. `item` is a literal value,
    compared in lower case without surrounding blanks; the list is compared in
    lower case (profile lists are already trimmed around their commas).
    ANSI: ',' || list || ',' contains ',item,' (dbt.position, so no LIKE
    wildcard in the item can match other characters). A null list contains
    nothing. -#}
{% macro list_contains(list_expression, item) -%}
    {%- set needle = ',' ~ (item | string | trim | lower | replace("'", "''")) ~ ',' -%}
    (coalesce({{ dbt.position("'" ~ needle ~ "'", dbt.concat(["','", "lower(" ~ list_expression ~ ")", "','"])) }}, 0) > 0)
{%- endmacro %}
