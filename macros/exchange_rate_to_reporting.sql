{#- The factor that converts an amount in `currency_expression` into the
    reporting currency, given the two joined `exchange_rates()` rows
    (`row_rate`, `reporting_rate`). 1 for rows already in the reporting
    currency, null when no rate is known (the row is then rejected). -#}
{% macro exchange_rate_to_reporting(currency_expression, row_rate, reporting_rate) -%}
    case
        when {{ currency_expression }} = {{ reporting_currency_literal() }} then 1.0
        else {{ row_rate }}.eur_per_unit / {{ reporting_rate }}.eur_per_unit
    end
{%- endmacro %}
