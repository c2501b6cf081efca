{#- Double-precision floating point (coordinates, rates); dbt's type_float()
    is a 4-byte float on DuckDB, too coarse for a latitude. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
