{#- The column names of a raw table exactly as the warehouse gives them
    (case and surrounding spaces kept), in the table's order. -#}
{% macro raw_column_names(table_name) -%}
    {%- set relation = source('shop', table_name) -%}
    {%- if target.type == 'duckdb' -%}
        {{ return(run_query('describe select * from ' ~ relation).columns[0].values() | list) }}
    {%- else -%}
        {{ return(run_query('select * from ' ~ relation ~ ' where 1 = 0').column_names | list) }}
    {%- endif -%}
{%- endmacro %}
