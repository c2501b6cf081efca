{#- On DuckDB with CSV raw files, stops the build when a file has lines that
    cannot be read with the project's CSV options (a wrong number of fields,
    an unterminated quote, bytes that are not valid in var raw_file_encoding),
    or whose header line names a column twice.
    The message names the file, the first line numbers and what is wrong with
    them, never the lines' content, which may be personal data (DuckDB's own
    error prints the whole line). An empty file (not even a header) and a var
    raw_csv_delimiter that is not one character stop it too. Called by
    raw_columns, before the staging model reads the file. The options must
    agree with external_location in models/staging/shop/_shop__sources.yml. -#}
{% macro assert_raw_csv_readable(table_name) -%}
    {%- set path = raw_file_path(table_name) -%}
    {%- set delimiter = var('raw_csv_delimiter') -%}
    {%- if delimiter | length != 1 or delimiter in ['"', "'", '\\', '\n', '\r'] -%}
        {{ exceptions.raise_compiler_error(
            "var raw_csv_delimiter must be one character other than a quote or a backslash, e.g. ',', ';', '|'"
            ~ " or a tab; got " ~ delimiter | length ~ " character(s).") }}
    {%- endif -%}
    {%- set sizes = run_query("select size from read_blob('" ~ path ~ "')").columns[0].values() -%}
    {%- if sizes[0] == 0 -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ path ~ " is empty: a CSV raw file needs at least its header line (RAW_CONTRACT.md)"
            ~ (", or switch the table off with --vars '{enable_" ~ table_name ~ ": false}'"
               if table_name not in ['customers', 'orders', 'order_items', 'products'] else "")
            ~ ".") }}
    {%- endif -%}
    {#- DuckDB's CSV reader stops at a line longer than its maximum line size
        (2,000,000 bytes) before store_rejects can record it, and its error
        quotes the whole line. A first scan, only where the file is larger
        than that, reads each physical line as one field (no quotes, a
        separator that is a control character) and records such lines. -#}
    {%- set max_line_bytes = 2000000 -%}
    {%- if sizes[0] > max_line_bytes -%}
        {%- set long_rejects = 'shopseg_csv_long_rejects_' ~ table_name -%}
        {%- set long_scans = 'shopseg_csv_long_scans_' ~ table_name -%}
        {%- do run_query('drop table if exists ' ~ long_rejects) -%}
        {%- do run_query('drop table if exists ' ~ long_scans) -%}
        {%- do run_query(
            "select count(*) from read_csv('" ~ path ~ "', auto_detect = false, header = false,"
            ~ " columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', escape = '',"
            ~ " encoding = '" ~ var('raw_file_encoding') ~ "', max_line_size = " ~ max_line_bytes ~ ","
            ~ " store_rejects = true, rejects_table = '" ~ long_rejects ~ "', rejects_scan = '" ~ long_scans ~ "')"
        ) -%}
        {%- set long_lines = run_query(
            "select line, count(*) over () as line_count from " ~ long_rejects
            ~ " where cast(error_type as varchar) = 'LINE SIZE OVER MAXIMUM' order by line limit 5"
        ).rows -%}
        {%- do run_query('drop table if exists ' ~ long_rejects) -%}
        {%- do run_query('drop table if exists ' ~ long_scans) -%}
        {%- if long_lines | length > 0 -%}
            {%- set numbers = [] -%}
            {%- for row in long_lines -%}
                {%- do numbers.append('line ' ~ row['line']) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                "Raw file " ~ path ~ " has " ~ long_lines[0]['line_count'] ~ " line(s) longer than "
                ~ max_line_bytes ~ " bytes, the most the CSV reader takes: " ~ numbers | join(', ')
                ~ ". Shorten the values on those lines (a field that long is often a quote left open).") }}
        {%- endif -%}
    {%- endif -%}
    {%- set rejects = 'shopseg_csv_rejects_' ~ table_name -%}
    {%- set scans = 'shopseg_csv_scans_' ~ table_name -%}
    {%- do run_query('drop table if exists ' ~ rejects) -%}
    {%- do run_query('drop table if exists ' ~ scans) -%}
    {#- max(length(columns(*))) makes DuckDB decode every field of every line. -#}
    {%- do run_query(
        "select max(length(columns(*))) from read_csv('" ~ path ~ "', header = true, all_varchar = true,"
        ~ " delim = '" ~ delimiter ~ "', quote = '\"', escape = '\"', encoding = '" ~ var('raw_file_encoding') ~ "',"
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
            ~ " (fields separated by " ~ (delimiter if delimiter != '\t' else 'a tab') ~ ", double quotes, encoding "
            ~ var('raw_file_encoding') ~ "): "
            ~ described | join(', ') ~ ". Quote fields that contain the separator or line breaks, set var raw_csv_delimiter to the file's separator, or set var"
            ~ " raw_file_encoding (utf-8, utf-16 or latin-1) to the file's encoding.") }}
    {%- endif -%}
    {#- DuckDB renames a repeated header name (`email`, `email_1`), so that
        staging would read one of the two columns and silently ignore the
        other: which one holds the values is not the project's to guess.
        Names are compared as staging reads them, trimmed and in lower case;
        only names shaped like column names count, so that the first line of
        a file without a header (a date or an empty field twice) is left to
        the required-column check. The message gives positions, never the
        names: in a file without a header they would be a row's values. -#}
    {%- set header = run_query(
        "select * from read_csv('" ~ path ~ "', header = false, all_varchar = true,"
        ~ " delim = '" ~ delimiter ~ "', quote = '\"', escape = '\"', encoding = '" ~ var('raw_file_encoding') ~ "')"
        ~ " limit 1"
    ).rows[0] -%}
    {%- set names = [] -%}
    {%- for name in header -%}
        {%- set key = (name or '') | trim | lower -%}
        {%- do names.append(key if modules.re.match('^[a-z_][a-z0-9_]*$', key) else none) -%}
    {%- endfor -%}
    {%- set repeated = repeated_column_positions(names) -%}
    {%- if repeated -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ path ~ " has a header line that names the same column more than once: "
            ~ repeated | join(', ') ~ " (names compared trimmed and in any case). Keep one column of each name.") }}
    {%- endif -%}
{%- endmacro %}
