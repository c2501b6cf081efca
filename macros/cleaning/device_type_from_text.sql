{#- Device type from free text: mobile, tablet, desktop, other, or unknown when empty. -#}
{% macro device_type_from_text(expression) -%}
    {%- set text = 'lower(' ~ clean_text(expression) ~ ')' -%}
    case
        when {{ is_one_of(text, ['mobile', 'smartphone', 'phone', 'mobile phone', 'iphone', 'android']) }}
            then 'mobile'
        when {{ is_one_of(text, ['tablet', 'ipad', 'phablet']) }} then 'tablet'
        when {{ is_one_of(text, ['desktop', 'pc', 'laptop', 'computer', 'mac']) }} then 'desktop'
        when {{ clean_text(expression) }} is null then 'unknown'
        else 'other'
    end
{%- endmacro %}
