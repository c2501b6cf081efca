{#- An amount of money divided by a count (an average order value, revenue
    per customer), rounded half away from zero to the cent, the same on every
    engine. PostgreSQL divides numerics exactly. DuckDB and Spark divide
    decimals in double precision, or round the quotient to 6 places first,
    which can put an exact half cent (522.69 / 2 = 261.345) on either side;
    dividing whole cents keeps it exact, as a double represents every
    k + 0.5 and no other quotient of cents by a count comes near one.
    Null when the divisor is 0. -#}
{% macro divide_money(amount, divisor) -%}
    {{ return(adapter.dispatch('divide_money', 'shop_segments')(amount, divisor)) }}
{%- endmacro %}

{% macro default__divide_money(amount, divisor) -%}
    cast(round({{ amount }} / nullif({{ divisor }}, 0), 2) as {{ type_money() }})
{%- endmacro %}

{% macro duckdb__divide_money(amount, divisor) -%}
    cast(round(cast({{ amount }} * 100 as {{ type_double() }}) / nullif({{ divisor }}, 0)) / 100 as {{ type_money() }})
{%- endmacro %}

{% macro spark__divide_money(amount, divisor) -%}
    {{ duckdb__divide_money(amount, divisor) }}
{%- endmacro %}
