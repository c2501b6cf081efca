{#- Gender from free text (several languages): female, male, other or unknown. -#}
{% macro gender_from_text(expression) -%}
    {%- set text = 'lower(' ~ clean_text(expression) ~ ')' -%}
    case
        when {{ is_one_of(text, ['f', 'female', 'woman', 'w', 'femme', 'frau', 'mujer', 'donna']) }} then 'female'
        when {{ is_one_of(text, ['m', 'male', 'man', 'homme', 'mann', 'hombre', 'uomo']) }} then 'male'
        when {{ is_one_of(
            text, ['other', 'non-binary', 'nonbinary', 'non binary', 'nb', 'x', 'diverse', 'divers', 'autre']
        ) }}
            then 'other'
        else 'unknown'
    end
{%- endmacro %}
