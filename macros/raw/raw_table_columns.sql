{#- The columns of a raw table exactly as the warehouse gives them (case
    and surrounding spaces kept), in the table's order, as (name, type)
    pairs: the type in upper case on DuckDB, none elsewhere. -#}
{% macro raw_table_columns(table_name) -%}
    {%- set relation = source('shop', table_name) -%}
    {%- set pairs = [] -%}
    {%- if target.type == 'duckdb' -%}
        {%- for row in run_query('describe select * from ' ~ relation) -%}
            {%- do pairs.append((row[0], row[1] | upper)) -%}
        {%- endfor -%}
    {%- else -%}
        {%- for name in run_query('select * from ' ~ relation ~ ' where 1 = 0').column_names -%}
            {%- do pairs.append((name, none)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(pairs) }}
{%- endmacro %}
