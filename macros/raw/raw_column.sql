{#- An optional raw column by name, or null when the store's table lacks it.
    `columns` is what `raw_columns` returned (none at parse time). A column
    typed as a list (a Parquet LIST, DuckDB `VARCHAR[]`: `tags` written by
    pandas or Arrow as a list of strings) reads as its elements joined by
    commas, the contract's text form, where a plain cast would give
    `[vip, loyal]` and the brackets would become part of the values. -#}
{% macro raw_column(columns, column_name) -%}
    {%- set data_type = columns.get(column_name) if columns is mapping else none -%}
    {%- if columns is none or column_name in columns -%}
        {%- if data_type is string and data_type.endswith('[]') -%}
            array_to_string({{ column_name }}, ',')
        {%- else -%}
            {{ column_name }}
        {%- endif -%}
    {%- else -%}
        null
    {%- endif -%}
{%- endmacro %}
