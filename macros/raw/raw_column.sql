{#- An optional raw column by name, or null when the store's table lacks it.
    `columns` is what `raw_columns` returned (none at parse time). -#}
{% macro raw_column(columns, column_name) -%}
    {%- if columns is none or column_name in columns -%}
        {{ column_name }}
    {%- else -%}
        null
    {%- endif -%}
{%- endmacro %}
