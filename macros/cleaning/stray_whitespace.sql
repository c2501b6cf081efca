{#- A SQL expression of the characters that count as stray whitespace at
    either end of a raw value, beyond the plain space that trim() removes:
    tab, line feed, vertical tab, form feed, carriage return (left by a CRLF
    file), next line, the no-break spaces (U+00A0 from spreadsheets, the
    narrow U+202F), the ideographic space (U+3000), the zero-width space and
    the byte-order mark (U+FEFF). Built from code points, so that no
    invisible character is written into the SQL; the list is kept short,
    since every cleaned column repeats it. -#}
{% macro stray_whitespace() -%}
    {{ return(adapter.dispatch('stray_whitespace', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__stray_whitespace() -%}
    {%- set code_points = [9, 10, 11, 12, 13, 32, 133, 160, 8203, 8239, 12288, 65279] -%}
    {%- set characters = [] -%}
    {%- for code_point in code_points -%}
        {%- do characters.append('chr(' ~ code_point ~ ')') -%}
    {%- endfor -%}
    ({{ characters | join(' || ') }})
{%- endmacro %}

{#- Spark's chr() takes its argument modulo 256: the same characters as a
    literal of unicode escapes, which Spark's parser reads. -#}
{% macro spark__stray_whitespace() -%}
    {%- set code_points = [9, 10, 11, 12, 13, 32, 133, 160, 8203, 8239, 12288, 65279] -%}
    {%- set escapes = [] -%}
    {%- for code_point in code_points -%}
        {%- do escapes.append('\\u' ~ '%04X' | format(code_point)) -%}
    {%- endfor -%}
    '{{ escapes | join('') }}'
{%- endmacro %}
