{#- The factor that converts an amount in `currency_expression` into the
    reporting currency, given the two joined `exchange_rates()` rows
    (`row_rate`, `reporting_rate`). 1 for rows already in the reporting
    currency, null when no rate is known (the row is then rejected).

    A decimal with 10 places on every engine: DuckDB divides decimals in
    double precision, and an amount times a double rate lands a hair below
    a half cent (3.00 × 1.085 = 3.2549999...) where PostgreSQL and Spark,
    exact, round up. 38 digits of width, so that an amount read with six
    places (type_precise_money) times the rate cannot overflow DuckDB's
    18-digit decimals. -#}
{% macro exchange_rate_to_reporting(currency_expression, row_rate, reporting_rate) -%}
    cast(
        case
            when {{ currency_expression }} = {{ reporting_currency_literal() }} then 1.0
            else {{ row_rate }}.eur_per_unit / {{ reporting_rate }}.eur_per_unit
        end as decimal(38, 10)
    )
{%- endmacro %}
