{#- The type of every money column: exact decimal with cents. -#}
{% macro type_money() -%}
    decimal(18, 2)
{%- endmacro %}
