{#- A SQL string literal of a text known when the model compiles (segment
    descriptions and actions from the models' YAML meta). ANSI doubles the
    quote; Spark reads adjacent literals 'a' 'b' as 'ab', so there a quote or
    a backslash is escaped with a backslash instead. -#}
{% macro string_literal(text) -%}
    {{ return(adapter.dispatch('string_literal', 'shop_segments')(text)) }}
{%- endmacro %}

{% macro default__string_literal(text) -%}
    '{{ text | string | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__string_literal(text) -%}
    '{{ text | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
