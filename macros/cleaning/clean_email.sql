{#- An email address normalised for matching: trimmed, lower case, empty as null. -#}
{% macro clean_email(expression) -%}
    lower({{ clean_text(expression) }})
{%- endmacro %}
