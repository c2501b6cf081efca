{#- True when the product of `factors` (an amount, or a quantity times a
    price, times an exchange rate...) is too large for type_precise_money,
    whose 18 digits with six places hold amounts below 10^12. The product is
    taken in double precision, so that the test itself cannot overflow where
    the decimal arithmetic would stop the build ("value is out of range");
    the bound, 10^12 - 1, leaves room for the double's rounding. A null
    factor gives null (not out of range). -#}
{% macro amount_out_of_range(factors) -%}
    (abs(
        {%- for factor in factors -%}
        cast({{ factor }} as {{ type_double() }}){{ ' * ' if not loop.last }}
        {%- endfor -%}
    ) >= 999999999999)
{%- endmacro %}
