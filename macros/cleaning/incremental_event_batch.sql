{#- The cleaned raw rows an event base model classifies on this run.

    A full build (and every build while var `incremental_events` is false)
    classifies every raw row. An incremental run (the model is `incremental`,
    see dbt_project.yml) classifies only the keys its batch touches, but each
    of them from ALL its raw rows: a duplicate that arrives later turns the
    row accepted earlier into a collapsed or conflicting one, exactly as a
    full build would. Delete+insert on the model's unique_key then replaces
    those keys in the table.

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

    `relation` is a CTE of the cleaned rows with `key_column` and a typed
    `_loaded_at`; `raw` is what raw_columns returned for `table_name`. -#}
{% macro incremental_event_batch(relation, key_column, raw, table_name) -%}
    {%- if is_incremental() -%}
        {%- if execute and raw is mapping and '_loaded_at' not in raw -%}
            {%- do log(
                "Raw table " ~ table_name ~ " has no _loaded_at column: this incremental run "
                ~ "re-classifies all its rows.", info=true) -%}
        {%- endif -%}
        select {{ relation }}.*
        from {{ relation }}
        where
            {{ relation }}.{{ key_column }} is null
            or {{ relation }}.{{ key_column }} in (
                select batch_rows.{{ key_column }}
                from {{ relation }} as batch_rows
                where
                    batch_rows._loaded_at is null
                    -- Every row when nothing stored has a load time (the table had no _loaded_at yet).
                    or batch_rows._loaded_at >= coalesce(
                        (select max(stored._loaded_at) from {{ this }} as stored),
                        batch_rows._loaded_at
                    )
                union all
                select stored.{{ key_column }}
                from {{ this }} as stored
                where stored.rejection_reason = 'future_timestamp'
            )
    {%- else -%}
        select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}
