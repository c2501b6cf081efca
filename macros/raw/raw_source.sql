{#- The body of a staging model's `source` CTE. For an optional raw table
    switched off with var `enable_<table>: false`, an empty relation with the
    contract's columns (as text) stands in, so that every model downstream
    still builds and reads it as "no rows". -#}
{% macro raw_source(table_name) -%}
    {%- if var('enable_' ~ table_name, true) -%}
        select * from {{ source('shop', table_name) }}
    {%- else -%}
        select
        {%- for column in optional_table_columns(table_name) %}
            cast(null as {{ dbt.type_string() }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
        where 1 = 0
    {%- endif -%}
{%- endmacro %}
