{#- An amount in its row's currency converted into the reporting currency
    with the factor of exchange_rate_to_reporting, at six places
    (type_precise_money): nothing is rounded to cents here.

    A row already in the reporting currency (factor 1) keeps its amount as
    read, which is exactly what the product would give; the case only spares
    those rows the 38-digit multiplication and its cast back to 18 digits
    (on DuckDB about a microsecond a value, the largest cost of order
    staging when most orders are in the reporting currency). A null factor
    (unknown currency, a rejected row) gives null, as before. With
    `round_to_cents`, a final amount: the exact product rounded once, to
    cents, as type_money. A product too large for type_precise_money
    (amount_out_of_range) gives null instead of stopping the build: staging
    rejects such rows with `amount_out_of_range` (a row rejected for another
    reason is converted too, so the conversion must not fail on it). -#}
{% macro to_reporting_currency(amount_expression, rate_expression, round_to_cents=false) -%}
    {%- if round_to_cents -%}
    case
        when {{ rate_expression }} = 1 then cast(round({{ amount_expression }}, 2) as {{ type_money() }})
        when not {{ amount_out_of_range([amount_expression, rate_expression]) }}
            then cast(round({{ amount_expression }} * {{ rate_expression }}, 2) as {{ type_money() }})
    end
    {%- else -%}
    case
        when {{ rate_expression }} = 1 then cast({{ amount_expression }} as {{ type_precise_money() }})
        when not {{ amount_out_of_range([amount_expression, rate_expression]) }}
            then cast({{ amount_expression }} * {{ rate_expression }} as {{ type_precise_money() }})
    end
    {%- endif -%}
{%- endmacro %}
