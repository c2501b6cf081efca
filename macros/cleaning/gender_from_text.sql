{#- Gender from free text (several languages): female, male, other or unknown. -#}
{% macro gender_from_text(expression) -%}
    case
        when lower({{ clean_text(expression) }}) in ('f', 'female', 'woman', 'w', 'femme', 'frau', 'mujer', 'donna')
            then 'female'
        when lower({{ clean_text(expression) }}) in ('m', 'male', 'man', 'homme', 'mann', 'hombre', 'uomo')
            then 'male'
        when lower({{ clean_text(expression) }})
            in ('other', 'non-binary', 'nonbinary', 'non binary', 'nb', 'x', 'diverse', 'divers', 'autre')
            then 'other'
        else 'unknown'
    end
{%- endmacro %}
