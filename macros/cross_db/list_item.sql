{#- The item at a 1-based position of a comma-separated list, where the
    position may be a column (dbt.split_part needs a literal on some
    warehouses). Callers keep the position between 1 and the item count.
    split_part on DuckDB and PostgreSQL (the default), element_at(split()) on
    Spark. -#}
{% macro list_item(list_expression, position_expression) -%}
    {{ return(adapter.dispatch('list_item', 'shop_segments')(list_expression, position_expression)) }}
{%- endmacro %}

{% macro default__list_item(list_expression, position_expression) -%}
    split_part({{ list_expression }}, ',', cast({{ position_expression }} as {{ dbt.type_int() }}))
{%- endmacro %}

{% macro spark__list_item(list_expression, position_expression) -%}
    element_at(split({{ list_expression }}, ','), cast({{ position_expression }} as int))
{%- endmacro %}
