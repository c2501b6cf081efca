{#- "In the last N days" (SEGMENTS.md): the date is after as_of − N days and
    on or before as_of. `date_expression` must be a calendar date in the store
    timezone; `as_of_expression` is the point in time, e.g. the `as_of_date`
    column of an `as_of` CTE reading int_as_of_date ('as_of.as_of_date').
    It is required: the macro names nothing the calling model has not. -#}
{% macro in_last_n_days(date_expression, days, as_of_expression) -%}
    {%- if execute and (as_of_expression is not defined or as_of_expression is none
            or as_of_expression | string | trim == '') -%}
        {{ exceptions.raise_compiler_error(
            "in_last_n_days(" ~ date_expression ~ ", " ~ days ~ ", as_of_expression): pass the as_of date expression"
            ~ " explicitly, e.g. in_last_n_days('orders.ordered_date', 30, 'as_of.as_of_date')"
            ~ " (in " ~ model.original_file_path ~ ")") }}
    {%- endif -%}
    ({{ date_expression }} > {{ dbt.dateadd('day', -1 * (days | int), as_of_expression) }}
        and {{ date_expression }} <= {{ as_of_expression }})
{%- endmacro %}
