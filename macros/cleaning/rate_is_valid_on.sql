{#- Join condition: rate row `rate` of currency `currency_expression` is the
    one in force on `date_expression`. -#}
{% macro rate_is_valid_on(rate, currency_expression, date_expression) -%}
    {{ rate }}.currency_code = {{ currency_expression }}
    and {{ date_expression }} >= {{ rate }}.valid_from
    and ({{ rate }}.valid_until is null or {{ date_expression }} < {{ rate }}.valid_until)
{%- endmacro %}
