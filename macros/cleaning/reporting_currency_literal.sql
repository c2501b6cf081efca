{#- The reporting currency (var `reporting_currency`) as an upper-case SQL string literal. -#}
{% macro reporting_currency_literal() -%}
    '{{ var("reporting_currency") | upper }}'
{%- endmacro %}
