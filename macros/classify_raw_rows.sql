{#- Gives every raw row exactly one disposition, so that no row is lost:

    - rejected:  `validation_error` is set (missing key, bad timestamp, ...),
                 or the row shares its key and version with a different row
                 (`duplicate_key_conflict`: there is no basis to pick one);
    - accepted:  the latest version of its key (`version_column` descending,
                 then the row hash, so the pick is deterministic);
    - collapsed: an exact copy of the accepted row (`exact_duplicate`) or an
                 older version of it (`superseded_version`).

    `relation` must carry the key columns, `validation_error` and `row_hash`
    (a hash of every cleaned column). Tables without a version column
    (no `updated_at`) only collapse exact duplicates. -#}
{% macro classify_raw_rows(relation, key_columns, version_column=none) -%}
    {%- set version_order = (version_column ~ ' desc nulls last, ') if version_column else '' -%}
    {%- set row_window -%}
        partition by (validation_error is null), {{ key_columns | join(', ') }}
        order by {{ version_order }}row_hash
    {%- endset -%}
    select
        ranked.*,
        case
            when ranked.validation_error is not null then 'rejected'
            when ranked.version_rank = 1 then 'accepted'
            when ranked.row_hash = ranked.winner_row_hash then 'collapsed'
            {%- if version_column %}
            when ranked.{{ version_column }} < ranked.winner_version then 'collapsed'
            {%- endif %}
            else 'rejected'
        end as row_disposition,
        case
            when ranked.validation_error is not null then ranked.validation_error
            when ranked.version_rank = 1 then null
            when ranked.row_hash = ranked.winner_row_hash then null
            {%- if version_column %}
            when ranked.{{ version_column }} < ranked.winner_version then null
            {%- endif %}
            else 'duplicate_key_conflict'
        end as rejection_reason,
        case
            when ranked.validation_error is not null or ranked.version_rank = 1 then null
            when ranked.row_hash = ranked.winner_row_hash then 'exact_duplicate'
            {%- if version_column %}
            when ranked.{{ version_column }} < ranked.winner_version then 'superseded_version'
            {%- endif %}
        end as collapse_reason
    from (
        select
            {{ relation }}.*,
            row_number() over ({{ row_window }}) as version_rank,
            first_value(row_hash) over ({{ row_window }}) as winner_row_hash
            {%- if version_column %},
            first_value({{ version_column }}) over ({{ row_window }}) as winner_version
            {%- endif %}
        from {{ relation }}
    ) as ranked
{%- endmacro %}
