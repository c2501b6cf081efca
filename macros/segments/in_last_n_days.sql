{#- "In the last N days" (SEGMENTS.md): the date is after as_of − N days and
    on or before as_of. `date_expression` must be a calendar date in the store
    timezone. -#}
{% macro in_last_n_days(date_expression, days, as_of_expression='as_of.as_of_date') -%}
    ({{ date_expression }} > {{ dbt.dateadd('day', -1 * (days | int), as_of_expression) }}
        and {{ date_expression }} <= {{ as_of_expression }})
{%- endmacro %}
