{#- Text as staging wants it: cast to string and trimmed of stray whitespace
    (spaces, tabs, line breaks, no-break spaces...). Empty text and the
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
    {%- set spaces_trimmed = 'trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {#- Stray whitespace other than the space (a tab, a carriage return, a
        no-break space, a byte-order mark: stray_whitespace) is trimmed too,
        so that `10043<CR>` still matches its account and `<tab>EUR` is a
        currency. trim() with a character set is several times slower than
        plain trim() on DuckDB, so only a value that starts or ends with
        anything but printable ASCII takes it. -#}
    {%- set trimmed = 'case when ascii(' ~ spaces_trimmed ~ ') between 33 and 126 and ascii(right('
        ~ spaces_trimmed ~ ', 1)) between 33 and 126 then ' ~ spaces_trimmed ~ ' else trim(both '
        ~ stray_whitespace() ~ ' from ' ~ spaces_trimmed ~ ') end' -%}
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
