{#- A date built from its year, month and day numbers (integer expressions).
    Every warehouse spells it differently, so it is dispatched: make_date on
    DuckDB, PostgreSQL and Spark (the default), date_from_parts on Snowflake,
    date(y, m, d) on BigQuery. The parts must form a real date. -#}
{% macro date_from_parts(year_expression, month_expression, day_expression) -%}
    {{ return(adapter.dispatch('date_from_parts', 'shop_segments')(year_expression, month_expression, day_expression)) }}
{%- endmacro %}

{% macro default__date_from_parts(year_expression, month_expression, day_expression) -%}
    make_date(
        cast({{ year_expression }} as {{ dbt.type_int() }}),
        cast({{ month_expression }} as {{ dbt.type_int() }}),
        cast({{ day_expression }} as {{ dbt.type_int() }})
    )
{%- endmacro %}

{% macro snowflake__date_from_parts(year_expression, month_expression, day_expression) -%}
    date_from_parts({{ year_expression }}, {{ month_expression }}, {{ day_expression }})
{%- endmacro %}

{% macro bigquery__date_from_parts(year_expression, month_expression, day_expression) -%}
    date({{ year_expression }}, {{ month_expression }}, {{ day_expression }})
{%- endmacro %}
