{#- The columns a raw table really has, as a mapping from the name (trimmed,
    lower case: ` Email ` is `email`, as raw_source reads it) to its type
    (upper case, on DuckDB; none elsewhere), checked against the columns
    RAW_CONTRACT.md requires. Two names that are the same once trimmed and
    in lower case stop the build. Optional columns may be absent from a
    store's files; `raw_column` then reads them as null.

    At parse time, and for an optional table that is switched off, nothing is
    queried and every column is taken as present. -#}
{% macro raw_columns(table_name, required_columns) -%}
    {%- if not execute or not var('enable_' ~ table_name, true) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if target.type == 'duckdb' -%}
        {%- set path = raw_file_path(table_name) -%}
        {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
        {%- if found == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table_name ~ "' not found: no file " ~ path ~ ". "
                ~ "Generate the demo store with `make data`, point RAW_DATA_PATH at your own files, "
                ~ "set var raw_file_format to csv for CSV files"
                ~ (", or switch the table off with --vars '{enable_" ~ table_name ~ ": false}'" if table_name not in ['customers', 'orders', 'order_items', 'products'] else "")
                ~ ".") }}
        {%- endif -%}
        {%- if var('raw_file_format') == 'csv' -%}
            {%- do assert_raw_csv_readable(table_name) -%}
        {%- endif -%}
    {%- endif -%}
    {%- set relation = source('shop', table_name) -%}
    {#- name -> type (upper case) where the warehouse says it, else none.
        Names are trimmed and in lower case, as raw_source presents them. -#}
    {%- set columns = {} -%}
    {%- set positions = {} -%}
    {%- if target.type == 'duckdb' -%}
        {%- set described = run_query('describe select * from ' ~ relation) -%}
        {%- set names = described.columns[0].values() | list -%}
        {%- set types = described.columns[1].values() | list -%}
    {%- else -%}
        {%- set names = raw_column_names(table_name) -%}
        {%- set types = [none] * names | length -%}
    {%- endif -%}
    {%- for name in names -%}
        {%- set key = name | trim | lower -%}
        {%- do columns.update({key: types[loop.index0] | upper if types[loop.index0] else none}) -%}
        {%- do positions.update({key: positions.get(key, []) + [loop.index | string]}) -%}
    {%- endfor -%}
    {%- set repeated = [] -%}
    {%- for key, found in positions.items() if found | length > 1 -%}
        {%- do repeated.append("columns " ~ found | join(' and ')) -%}
    {%- endfor -%}
    {%- if repeated -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' has columns whose names differ only in case or surrounding spaces: "
            ~ repeated | join(', ') ~ ". Keep one column of each name.") }}
    {%- endif -%}
    {%- if target.type == 'duckdb' and var('raw_file_format') == 'csv' and columns | length == 1 -%}
        {%- set header = (columns.keys() | list)[0] -%}
        {%- for separator, name in [(',', 'commas'), (';', 'semicolons'), ('\t', 'tabs'), ('|', 'vertical bars')]
            if separator != var('raw_csv_delimiter') and separator in header -%}
            {{ exceptions.raise_compiler_error(
                "Raw file " ~ raw_file_path(table_name) ~ " reads as a single column: its header is separated by "
                ~ name ~ ". Set var raw_csv_delimiter to that separator (RAW_CONTRACT.md, docs/configuration.md).") }}
        {%- endfor -%}
    {%- endif -%}
    {%- set missing = [] -%}
    {%- for column in required_columns if column not in columns -%}
        {%- do missing.append(column) -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' has no column " ~ missing | join(', ')
            ~ ", which RAW_CONTRACT.md requires. Columns found: " ~ columns.keys() | list | join(', ') ~ ".") }}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}
