{#- A select-list expression that turns a delimited string into one row per
    item: `select customer_id, {{ split_to_rows('tags') }} as tag from ...`
    gives one row per (customer, tag). A null string gives no row; items are
    returned as they are (trim and lower them in the caller; an empty string
    gives one empty item). DuckDB unnest(string_split()), PostgreSQL (the
    default) unnest(string_to_array()), Spark explode(split()). -#}
{% macro split_to_rows(string_expression, delimiter=',') -%}
    {{ return(adapter.dispatch('split_to_rows', 'shop_segments')(string_expression, delimiter)) }}
{%- endmacro %}

{% macro default__split_to_rows(string_expression, delimiter) -%}
    unnest(string_to_array({{ string_expression }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro duckdb__split_to_rows(string_expression, delimiter) -%}
    unnest(string_split({{ string_expression }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro spark__split_to_rows(string_expression, delimiter) -%}
    explode(split({{ string_expression }}, '{{ delimiter }}'))
{%- endmacro %}
