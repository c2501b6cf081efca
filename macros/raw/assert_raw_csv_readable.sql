{#- On DuckDB with CSV raw files, stops the build when a file has lines that
    cannot be read with the project's CSV options (a wrong number of fields,
    an unterminated quote, bytes that are not valid in var raw_file_encoding).
    The message names the file, the first line numbers and what is wrong with
    them, never the lines' content, which may be personal data (DuckDB's own
    error prints the whole line). Called by raw_columns, before the staging
    model reads the file. The options must agree with external_location in
    models/staging/shop/_shop__sources.yml. -#}
{% macro assert_raw_csv_readable(table_name) -%}
    {%- set path = raw_file_path(table_name) -%}
    {%- set rejects = 'shopseg_csv_rejects_' ~ table_name -%}
    {%- set scans = 'shopseg_csv_scans_' ~ table_name -%}
    {%- do run_query('drop table if exists ' ~ rejects) -%}
    {%- do run_query('drop table if exists ' ~ scans) -%}
    {#- max(length(columns(*))) makes DuckDB decode every field of every line. -#}
    {%- do run_query(
        "select max(length(columns(*))) from read_csv('" ~ path ~ "', header = true, all_varchar = true,"
        ~ " delim = ',', quote = '\"', escape = '\"', encoding = '" ~ var('raw_file_encoding') ~ "',"
        ~ " store_rejects = true, rejects_table = '" ~ rejects ~ "', rejects_scan = '" ~ scans ~ "')"
    ) -%}
    {%- set problems = run_query(
        "select line, cast(error_type as varchar) as error_type,"
        ~ " arg_min(error_message, column_idx) as error_message, count(*) over () as line_count"
        ~ " from " ~ rejects ~ " group by line, error_type order by line limit 5"
    ) -%}
    {%- do run_query('drop table if exists ' ~ rejects) -%}
    {%- do run_query('drop table if exists ' ~ scans) -%}
    {%- if problems.rows | length > 0 -%}
        {%- set described = [] -%}
        {%- for row in problems.rows -%}
            {#- Only the column-count messages are quoted: they hold numbers, never a value. -#}
            {%- set detail = row['error_type'] | lower -%}
            {%- if row['error_type'] in ['MISSING COLUMNS', 'TOO MANY COLUMNS'] -%}
                {%- set detail = detail ~ ': ' ~ row['error_message'] | lower -%}
            {%- endif -%}
            {%- do described.append('line ' ~ row['line'] ~ ' (' ~ detail ~ ')') -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ path ~ " has " ~ problems.rows[0]['line_count'] ~ " line(s) that cannot be read as CSV"
            ~ " (comma-separated, double quotes, encoding " ~ var('raw_file_encoding') ~ "): "
            ~ described | join(', ') ~ ". Quote fields that contain commas or line breaks, or set var"
            ~ " raw_file_encoding (utf-8, utf-16 or latin-1) to the file's encoding.") }}
    {%- endif -%}
{%- endmacro %}
