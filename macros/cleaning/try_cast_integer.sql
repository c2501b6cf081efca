{#- An integer read without rounding: null when the value cannot be read or
    has a fractional part (`2.5`), where a plain cast would round it to 3.
    `2.0` reads as 2. -#}
{% macro try_cast_integer(expression) -%}
    case
        when {{ try_cast(expression, type_double()) }} = {{ try_cast(expression, dbt.type_int()) }}
            then {{ try_cast(expression, dbt.type_int()) }}
    end
{%- endmacro %}
