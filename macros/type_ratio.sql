{#- The type of every rate and ratio column (conversion rates, orders per
    customer, ...): a double-precision float. dbt.type_float() is already
    double precision on PostgreSQL (float8) and Spark (double), but it is the
    4-byte `float` on DuckDB, hence the duckdb__ implementation. -#}
{% macro type_ratio() -%}
    {{ return(adapter.dispatch('type_ratio')()) }}
{%- endmacro %}

{% macro default__type_ratio() -%}
    {{ return(dbt.type_float()) }}
{%- endmacro %}

{% macro duckdb__type_ratio() -%}
    {{ return('double') }}
{%- endmacro %}
