{#- Text as staging wants it: cast to string and trimmed. Empty text and the
    null-like literals of var `null_like_values` (`null`, `N/A`, `-`, ...,
    compared in lower case) mean "no value" and become null
    (RAW_CONTRACT.md, "Conventions"). Every cleaning macro goes through this
    one, so the list is kept in one place. The length test lets the usual
    long value skip the lower-case comparison. The comparison is a simple
    `case`, not `not in (...)`: DuckDB turns an IN list over a large scan
    into a join with the list, once per cleaned column. -#}
{% macro clean_text(expression) -%}
    {%- set null_like = var('null_like_values') | map('lower') | unique | list -%}
    {%- set longest = null_like | map('length') | max if null_like else 0 -%}
    {%- set trimmed = 'trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    case
        when length({{ trimmed }}) > {{ longest }} then {{ trimmed }}
        else
            case lower({{ trimmed }})
                when '' then null
                {%- for value in null_like if value != '' %}
                when '{{ value | replace("'", "''") }}' then null
                {%- endfor %}
                else {{ trimmed }}
            end
    end
{%- endmacro %}
