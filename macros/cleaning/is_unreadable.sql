{#- True when a raw value is present (not empty, not a null-like literal) but
    its typed reading is null: a comma-decimal amount, a fractional quantity,
    a date in an unknown format. Such a value is never taken as "no value".
    The typed test comes first, so that the common readable row never pays
    for the text cleaning. -#}
{% macro is_unreadable(raw_expression, typed_expression) -%}
    ({{ typed_expression }} is null and {{ clean_text(raw_expression) }} is not null)
{%- endmacro %}
