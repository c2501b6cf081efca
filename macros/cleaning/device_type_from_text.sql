{#- Device type from free text: mobile, tablet, desktop, other, or unknown when empty. -#}
{% macro device_type_from_text(expression) -%}
    case
        when lower({{ clean_text(expression) }})
            in ('mobile', 'smartphone', 'phone', 'mobile phone', 'iphone', 'android')
            then 'mobile'
        when lower({{ clean_text(expression) }}) in ('tablet', 'ipad', 'phablet')
            then 'tablet'
        when lower({{ clean_text(expression) }}) in ('desktop', 'pc', 'laptop', 'computer', 'mac')
            then 'desktop'
        when {{ clean_text(expression) }} is null then 'unknown'
        else 'other'
    end
{%- endmacro %}
