{#- dbt's cross-database listagg on Spark, which dbt-spark implements without
    its order_by_clause (it warns and concatenates in any order). Here the
    values are collected with their sort keys, sorted, and joined: the same
    text as on DuckDB and PostgreSQL. Ascending keys only (Spark's array_sort
    of structs); a descending key fails at compile time rather than sort the
    wrong way. Nulls are skipped, as listagg does. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if order_by_clause -%}
        {%- set keys = [] -%}
        {%- for key in modules.re.sub('^\\s*order\\s+by\\s+', '', order_by_clause, flags=modules.re.I).split(',') -%}
            {%- set key = modules.re.sub('\\s+asc\\s*$', '', key.strip(), flags=modules.re.I) -%}
            {%- if modules.re.search('\\s(desc|nulls)(\\s|$)', key ~ ' ', flags=modules.re.I) -%}
                {{ exceptions.raise_compiler_error("spark__listagg sorts ascending only: " ~ order_by_clause) }}
            {%- endif -%}
            {%- do keys.append(key) -%}
        {%- endfor -%}
        {%- set collected -%}
            transform(
                array_sort(collect_list(struct({% for key in keys %}{{ key }} as k{{ loop.index }}, {% endfor %}{{ measure }} as v))),
                x -> x.v
            )
        {%- endset -%}
    {%- else -%}
        {%- set collected = 'collect_list(' ~ measure ~ ')' -%}
    {%- endif -%}
    {%- if limit_num -%}
        {%- set collected = 'slice(' ~ collected ~ ', 1, ' ~ limit_num ~ ')' -%}
    {%- endif -%}
    array_join({{ collected }}, {{ delimiter_text }})
{%- endmacro %}
