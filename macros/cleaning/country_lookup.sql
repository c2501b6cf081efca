{#- Every spelling of a country that staging accepts, lower case, with its
    ISO-3166 alpha-2 code: the code itself, the English name (seed
    `country_codes`) and the aliases of seed `country_aliases`. Join on
    `lower(clean_text(country))`; no match leaves the code null. -#}
{% macro country_lookup() -%}
    select lower(country_code) as match_text, country_code from {{ ref('country_codes') }}
    union
    select lower(country_name) as match_text, country_code from {{ ref('country_codes') }}
    union
    select lower(alias) as match_text, country_code from {{ ref('country_aliases') }}
{%- endmacro %}
