{#- A comma-separated list normalised for matching: lower case, no blanks
    around the commas (`Running , YOGA` -> `running,yoga`). Test membership with
    `',' || list || ',' like '%,item,%'`. -#}
{% macro clean_list(expression) -%}
    {{ return(adapter.dispatch('clean_list', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__clean_list(expression) -%}
    nullif(regexp_replace(lower({{ clean_text(expression) }}), '\s*,\s*', ',', 'g'), '')
{%- endmacro %}

{% macro spark__clean_list(expression) -%}
    nullif(regexp_replace(lower({{ clean_text(expression) }}), '\\s*,\\s*', ','), '')
{%- endmacro %}
