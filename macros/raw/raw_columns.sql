{#- The columns a raw table really has, as a mapping from the lower-case
    name to its type (upper case, on DuckDB; none elsewhere), checked against
    the columns RAW_CONTRACT.md requires. Optional columns may be absent from a
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
    {#- name -> type (upper case) where the warehouse says it, else none. -#}
    {%- set columns = {} -%}
    {%- if target.type == 'duckdb' -%}
        {%- for row in run_query('describe select * from ' ~ relation) -%}
            {%- do columns.update({row[0] | lower: row[1] | upper}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- for name in run_query('select * from ' ~ relation ~ ' where 1 = 0').column_names -%}
            {%- do columns.update({name | lower: none}) -%}
        {%- endfor -%}
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
