{#- An identifier as text. A numeric id that went through a float column
    (`17850.0`) is written back as `17850`, so that the same account matches
    across tables (RAW_CONTRACT.md, "Conventions"). -#}
{% macro clean_id(expression) -%}
    {{ return(adapter.dispatch('clean_id', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__clean_id(expression) -%}
    regexp_replace({{ clean_text(expression) }}, '^([0-9]+)\.0+$', '\1')
{%- endmacro %}

{% macro spark__clean_id(expression) -%}
    regexp_replace({{ clean_text(expression) }}, '^([0-9]+)\\.0+$', '$1')
{%- endmacro %}
