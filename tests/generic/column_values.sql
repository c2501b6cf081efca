{#- Several row checks of one model in one query: every column listed in
    `not_null` has no null, every column of `accepted_values` (a mapping of
    column to its list of text values) holds only those values or null, and
    every condition of `expressions` holds on every row. The same rules as
    dbt's not_null and accepted_values tests and the project's
    expression_is_true (a condition that is null passes, as there), one table
    scan and one dbt node instead of one per check. Returns one row per failed
    check, the check named in `failed_check`, with the number of rows that
    fail it; a row that fails several checks is counted under the first one
    listed. -#}
{% test column_values(model, not_null=[], accepted_values={}, expressions=[]) %}
{%- set checks = [] -%}
{%- for column in not_null -%}
    {%- do checks.append(('not_null:' ~ column, column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {%- do checks.append(('accepted_values:' ~ column, column ~ ' not in (' ~ literals | join(', ') ~ ')')) -%}
{%- endfor -%}
{%- for expression in expressions -%}
    {%- set text = expression | string | trim -%}
    {%- set label = text if text | length <= 200 else text[:197] ~ '...' -%}
    {%- do checks.append(('expression:' ~ label | replace("'", "''"), 'not (' ~ text ~ ')')) -%}
{%- endfor -%}
{%- if not checks -%}
    {{ exceptions.raise_compiler_error('column_values on ' ~ model ~ ': list columns in not_null or accepted_values, or conditions in expressions') }}
{%- endif %}

select
    failed_check,
    count(*) as failing_rows
from (
    select
        case
            {%- for label, condition in checks %}
            when {{ condition }} then '{{ label }}'
            {%- endfor %}
        end as failed_check
    from {{ model }}
) as checked
where failed_check is not null
group by failed_check

{% endtest %}
