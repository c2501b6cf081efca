{#- A label normalised for accepted-values checks: trimmed, lower case,
    blanks and hyphens as underscores (`Partially Refunded` -> `partially_refunded`). -#}
{% macro clean_label(expression) -%}
    replace(replace(lower({{ clean_text(expression) }}), ' ', '_'), '-', '_')
{%- endmacro %}
