{#- Whether the engine computes a CTE that a query reads several times only
    once (materialises it), so that a query may read it twice at the cost of
    one computation. PostgreSQL materialises such a CTE, and DuckDB does too;
    Spark inlines every reference, so reading it twice computes it twice. -#}
{% macro computes_shared_ctes_once() -%}
    {{ return(adapter.dispatch('computes_shared_ctes_once', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__computes_shared_ctes_once() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro spark__computes_shared_ctes_once() -%}
    {{ return(false) }}
{%- endmacro %}
