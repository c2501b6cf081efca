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
        Names are trimmed and in lower case, as raw_source presents them;
        a BLOB column (Parquet BINARY without the UTF-8 annotation, as older
        Hive and Impala write text) is VARCHAR, which raw_source decodes it
        to once the check below has found every value valid UTF-8. -#}
    {%- set columns = {} -%}
    {%- set names = [] -%}
    {%- set blobs = [] -%}
    {%- for name, data_type in raw_table_columns(table_name) -%}
        {%- set key = name | trim | lower -%}
        {%- if data_type == 'BLOB' -%}
            {%- do blobs.append((key, name)) -%}
        {%- endif -%}
        {%- do columns.update({key: 'VARCHAR' if data_type == 'BLOB' else data_type}) -%}
        {%- do names.append(key) -%}
    {%- endfor -%}
    {%- if blobs -%}
        {#- decode() would stop the build on invalid bytes with an error
            quoting the value: count them first, without showing any. -#}
        {%- set counts = [] -%}
        {%- for key, name in blobs -%}
            {%- do counts.append(
                "count(case when " ~ adapter.quote(name) ~ " is not null and try(decode(" ~ adapter.quote(name)
                ~ ")) is null then 1 end)") -%}
        {%- endfor -%}
        {%- set invalid = run_query('select ' ~ counts | join(', ') ~ ' from ' ~ relation).rows[0] -%}
        {%- for key, name in blobs -%}
            {%- if invalid[loop.index0] > 0 -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table_name ~ "' stores column " ~ key ~ " as bytes (Parquet BINARY), and "
                ~ invalid[loop.index0] ~ " of its values are not valid UTF-8 text. Write the column as UTF-8"
                ~ " strings.") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set repeated = repeated_column_positions(names) -%}
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
