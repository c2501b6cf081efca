{#- A raw timestamp column read as a UTC timestamp without time zone, or null
    when it cannot be read or the store's table lacks it (RAW_CONTRACT.md:
    "timestamps are UTC unless they carry an offset or zone, which is
    converted to UTC; the result never depends on the build machine's
    timezone"). `columns` is what `raw_columns` returned: when it knows the
    column's type, a typed timestamp is read as is (a TIMESTAMP WITH TIME
    ZONE converted to UTC), and only text goes through offset parsing
    (`+02:00`, `Z`, ` CET`, `-05:00`), the slower path. -#}
{% macro raw_timestamp(columns, column_name) -%}
    {%- set expression = raw_column(columns, column_name) -%}
    {%- if expression == 'null' -%}
        cast(null as {{ dbt.type_timestamp() }})
    {%- else -%}
        {%- set data_type = (columns or {}).get(column_name) if columns is mapping else none -%}
        {{ return(adapter.dispatch('raw_timestamp', 'shop_segments')(expression, (data_type or '') | upper)) }}
    {%- endif -%}
{%- endmacro %}

{#- PostgreSQL (and the ANSI default): never through the session's TimeZone,
    which the client may set (PGTZ): a timestamp without time zone is UTC
    already, a timestamptz is converted at UTC, and text is a timestamptz only
    when it ends with an offset or zone, UTC wall time otherwise. -#}
{% macro default__raw_timestamp(expression, data_type) -%}
    {%- if data_type in ('TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ') -%}
        cast({{ expression }} at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- elif data_type.startswith('TIMESTAMP') or data_type == 'DATE' -%}
        cast({{ expression }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        case
            when cast({{ expression }} as {{ dbt.type_string() }})
                ~ '[0-9]:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?[[:space:]]*([zZ]|[+-][0-9]{1,2}(:?[0-9]{2})?|[A-Za-z][A-Za-z/_]*)$'
                then cast(cast({{ expression }} as timestamp with time zone) at time zone 'UTC' as {{ dbt.type_timestamp() }})
            else cast({{ expression }} as {{ dbt.type_timestamp() }})
        end
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__raw_timestamp(expression, data_type) -%}
    {%- if data_type.startswith('TIMESTAMP WITH TIME ZONE') or data_type == 'TIMESTAMPTZ' -%}
        cast({{ expression }} at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- elif data_type.startswith('TIMESTAMP') or data_type == 'DATE' -%}
        cast({{ expression }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        {#- DuckDB's cast takes neither a space before the offset
            (`10:00:00 +02:00`, `10:00:00 Z`, as Ruby and many exports write
            it) nor a lower-case `z` or `t`, which RFC 3339 allows and the
            PostgreSQL path reads: only a value the plain cast cannot read
            is tried again without that space, in upper case. -#}
        cast(
            coalesce(
                try_cast({{ expression }} as timestamptz),
                try_cast(
                    upper(regexp_replace(
                        cast({{ expression }} as {{ dbt.type_string() }}),
                        '([0-9]:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)\s+([zZ]|[+-][0-9]{1,2}(:?[0-9]{2})?)\s*$',
                        '\1\4'
                    )) as timestamptz
                )
            ) at time zone 'UTC' as {{ dbt.type_timestamp() }}
        )
    {%- endif -%}
{%- endmacro %}

{% macro spark__raw_timestamp(expression, data_type) -%}
    {#- Spark timestamps are instants: an offset in text is honoured by the cast. -#}
    try_cast({{ expression }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
