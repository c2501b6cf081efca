{#- The body of a staging model's `source` CTE: the raw table, its columns
    renamed to their trimmed names when a name has spaces around it (see
    raw_columns, which reads names the same way) and text stored as bytes
    decoded. For an optional raw table switched off with var
    `enable_<table>: false`, an empty relation with the contract's columns
    (as text) stands in, so that every model downstream still builds and
    reads it as "no rows". -#}
{% macro raw_source(table_name) -%}
    {%- if var('enable_' ~ table_name, true) -%}
        {%- set described = raw_table_columns(table_name) if execute else [] -%}
        {%- set unusual = [] -%}
        {%- for name, data_type in described if name != name | trim or data_type == 'BLOB' -%}
            {%- do unusual.append(name) -%}
        {%- endfor -%}
        {%- if unusual -%}
        {#- A name with spaces around it (`Email `, a Parquet file written from
            a spreadsheet's header; DuckDB trims those of a CSV header), or
            text stored as bytes (BLOB, which raw_columns found valid UTF-8):
            every column under its trimmed, lower-case name, which staging
            reads, the bytes decoded. -#}
        select
        {%- for name, data_type in described %}
            {{ 'decode(' ~ adapter.quote(name) ~ ')' if data_type == 'BLOB' else adapter.quote(name) }}
                as {{ adapter.quote(name | trim | lower) }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ source('shop', table_name) }}
        {%- else -%}
        select * from {{ source('shop', table_name) }}
        {%- endif -%}
    {%- else -%}
        select
        {%- for column in optional_table_columns(table_name) %}
            cast(null as {{ dbt.type_string() }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
        where 1 = 0
    {%- endif -%}
{%- endmacro %}
