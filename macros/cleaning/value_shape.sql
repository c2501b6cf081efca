{#- The shape of a raw value, safe to show where the value itself is personal
    data: every ASCII letter becomes `a` (or `A`), every digit `9`, so
    `31/12/1990` reads `99/99/9999`. Cut to 30 characters. Used by the
    data-quality issues model to say what an unreadable value looked like. -#}
{% macro value_shape(expression) -%}
    left(
        translate(
            {{ expression }},
            'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
            'AAAAAAAAAAAAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaaaaaaaaaa9999999999'
        ),
        30
    )
{%- endmacro %}
