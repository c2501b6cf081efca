{#- The type amounts are read and converted in: decimal with six places, so
    that a unit price of 0.001 survives quantity × price and currency
    conversion. Only final amounts (line amounts, net revenue, cart amounts)
    are rounded to cents, as `type_money`. -#}
{% macro type_precise_money() -%}
    decimal(18, 6)
{%- endmacro %}
