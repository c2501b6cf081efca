{#- The type of every final money amount: exact decimal with cents. Amounts
    are read and converted as `type_precise_money` and rounded to this type
    only once, at the end. -#}
{% macro type_money() -%}
    decimal(18, 2)
{%- endmacro %}
