{#- The columns that share a name, as texts `columns 2 and 5` (1-based
    positions, never the names, which in a file without a header are row
    values). `names` is the list of the columns' names in their order, each
    already normalised by the caller (trimmed, lower case), or none for a
    column that is not compared. -#}
{% macro repeated_column_positions(names) -%}
    {%- set positions = {} -%}
    {%- for name in names -%}
        {%- if name is not none -%}
            {%- do positions.update({name: positions.get(name, []) + [loop.index | string]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set repeated = [] -%}
    {%- for name, found in positions.items() if found | length > 1 -%}
        {%- do repeated.append("columns " ~ found | join(' and ')) -%}
    {%- endfor -%}
    {{ return(repeated) }}
{%- endmacro %}
