{#- The body of an event base model's `source` CTE: the raw rows this run
    classifies.

    A full build (and every build while var `incremental_events` is false,
    or the table is switched off) classifies every raw row (raw_source). An incremental run (the model is
    `incremental`, see event_table_materialization) classifies only the keys
    its batch touches, but each of them from ALL its raw rows: a duplicate
    that arrives later turns the row accepted earlier into a collapsed or
    conflicting one, exactly as a full build would. Delete+insert on the
    model's unique_key then replaces those keys in the table. The rows are
    chosen here, before any cleaning, so that an incremental run cleans and
    classifies only them; finding them reads the raw key and `_loaded_at`
    columns once more.

    The batch: the raw rows loaded at or after the latest `_loaded_at` already
    stored (at: a load may be cut in the middle of one second), and the rows
    without a readable `_loaded_at`. A store whose table has no `_loaded_at`
    column therefore re-classifies every key on each run: correct, only no
    faster (a one-line notice says so). Also in the batch: the keys stored as
    `future_timestamp`, the one reason that depends on when the build runs,
    so that a row rejected yesterday for a time too far ahead is accepted
    once that time has come, as a full build would.

    Rows with no key (always rejected, `missing_key`) cannot be matched by
    key: every run replaces all of them, which the unique_key
    `coalesce(<key>, '')` does (a cleaned key is never empty text).

    `raw_key` is the raw table's key column, `key_column` the model's (the
    cleaned key), `raw` what raw_columns returned for `table_name`. -#}
{% macro incremental_event_source(table_name, raw_key, key_column, raw) -%}
    {%- if is_incremental() and var('enable_' ~ table_name, true) -%}
        {%- if execute and raw is mapping and '_loaded_at' not in raw -%}
            {%- do log(
                "Raw table " ~ table_name ~ " has no _loaded_at column: this incremental run "
                ~ "re-classifies all its rows.", info=true) -%}
        {%- endif -%}
        {#- Through raw_source, which presents the columns under the names raw_columns gave. -#}
        {%- set raw_relation = '(' ~ raw_source(table_name) ~ ')' -%}
        select raw_rows.*
        from {{ raw_relation }} as raw_rows
        where
            {{ clean_id('raw_rows.' ~ raw_key) }} is null
            or {{ clean_id('raw_rows.' ~ raw_key) }} in (
                -- The columns of this inner scan are not qualified: raw_timestamp reads them by name.
                select {{ clean_id(raw_key) }}
                from {{ raw_relation }} as loaded_rows
                where
                    {{ raw_timestamp(raw, '_loaded_at') }} is null
                    -- Every row when nothing stored has a load time (the table had no _loaded_at yet).
                    or {{ raw_timestamp(raw, '_loaded_at') }} >= coalesce(
                        (select max(stored._loaded_at) from {{ this }} as stored),
                        {{ raw_timestamp(raw, '_loaded_at') }}
                    )
                union all
                select stored.{{ key_column }}
                from {{ this }} as stored
                where stored.rejection_reason = 'future_timestamp'
            )
    {%- else -%}
        {{ raw_source(table_name) }}
    {%- endif -%}
{%- endmacro %}
