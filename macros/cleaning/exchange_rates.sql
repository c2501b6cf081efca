{#- Seed `currency_rates` with the period each rate is valid for:
    [valid_from, valid_until). Join a row twice, on its own currency and on
    var `reporting_currency`, at the row's date; the ratio of the two
    `eur_per_unit` converts an amount into the reporting currency. -#}
{% macro exchange_rates() -%}
    select
        upper(currency_code) as currency_code,
        valid_from,
        lead(valid_from) over (partition by upper(currency_code) order by valid_from) as valid_until,
        eur_per_unit
    from {{ ref('currency_rates') }}
{%- endmacro %}
