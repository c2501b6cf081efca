{#- A hash of a raw row's cleaned columns, compared only between rows of the
    same key to tell an exact copy from another version (classify_raw_rows).
    DuckDB's native 64-bit hash() is about a third cheaper than md5 over text
    on the largest tables; elsewhere it is the md5 surrogate key. -#}
{% macro row_hash(columns) -%}
    {{ return(adapter.dispatch('row_hash', 'shop_segments')(columns)) }}
{%- endmacro %}

{% macro default__row_hash(columns) -%}
    {{ surrogate_key(columns) }}
{%- endmacro %}

{% macro duckdb__row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
