{#- Gives every raw row exactly one disposition, so that no row is lost.

    `relation` must carry the key columns, `validation_error` and `row_hash`
    (a hash of every cleaned column). `validation_error` is a reason, or
    `reason:column` when the reason is about one column's value
    (`invalid_number:discount_amount`); it is split into `rejection_reason`
    and `rejection_column`.

    The latest version of a key is the set of its rows with the greatest
    `version_column` (all its rows when the table has no version column).

    - rejected:  `validation_error` is set (missing key, bad value, ...);
                 or the latest version of the key holds an unusable row, and
                 the whole key is rejected: older versions never come back to
                 life (`latest_version_rejected`; `duplicate_key_conflict` on a
                 table without versions, where the rows simply disagree);
                 or the latest version holds two different rows: all of them
                 are `duplicate_key_conflict`, there is no basis to pick one,
                 and the older versions are `latest_version_rejected`;
    - accepted:  the one row of the latest version (one of its exact copies);
    - collapsed: another exact copy of it (`exact_duplicate`) or an older
                 version (`superseded_version`). -#}
{% macro classify_raw_rows(relation, key_columns, version_column=none) -%}
    {%- set keys = key_columns | join(', ') -%}
    {%- if version_column -%}
        {%- set latest_version = 'max(' ~ version_column ~ ') over (partition by ' ~ keys ~ ')' -%}
    {%- endif -%}
    select
        ranked.*,
        case
            when ranked.validation_error is not null then 'rejected'
            when ranked.latest_unusable_rows > 0 then 'rejected'
            when ranked.latest_min_row_hash <> ranked.latest_max_row_hash then 'rejected'
            when ranked.is_latest_version and ranked.latest_rank = 1 then 'accepted'
            else 'collapsed'
        end as row_disposition,
        case
            when ranked.validation_error is not null
                then {{ dbt.split_part('ranked.validation_error', "':'", 1) }}
            when ranked.latest_unusable_rows > 0
                then '{{ "latest_version_rejected" if version_column else "duplicate_key_conflict" }}'
            when ranked.latest_min_row_hash <> ranked.latest_max_row_hash and ranked.is_latest_version
                then 'duplicate_key_conflict'
            when ranked.latest_min_row_hash <> ranked.latest_max_row_hash then 'latest_version_rejected'
        end as rejection_reason,
        case
            when ranked.validation_error like '%:%'
                then {{ dbt.split_part('ranked.validation_error', "':'", 2) }}
        end as rejection_column,
        case
            when ranked.validation_error is not null
                or ranked.latest_unusable_rows > 0
                or ranked.latest_min_row_hash <> ranked.latest_max_row_hash
                or (ranked.is_latest_version and ranked.latest_rank = 1)
                then null
            when ranked.is_latest_version then 'exact_duplicate'
            else 'superseded_version'
        end as collapse_reason
    from (
        select
            versioned.*,
            sum(case when versioned.is_latest_version and versioned.validation_error is not null then 1 else 0 end)
                over (partition by {{ keys }}) as latest_unusable_rows,
            min(case when versioned.is_latest_version then versioned.row_hash end)
                over (partition by {{ keys }}) as latest_min_row_hash,
            max(case when versioned.is_latest_version then versioned.row_hash end)
                over (partition by {{ keys }}) as latest_max_row_hash,
            row_number() over (
                partition by {{ keys }}
                order by case when versioned.is_latest_version then 0 else 1 end, versioned.row_hash
            ) as latest_rank
        from (
            select
                {{ relation }}.*,
                {%- if version_column %}
                (
                    {{ version_column }} = {{ latest_version }}
                    or {{ latest_version }} is null
                ) as is_latest_version
                {%- else %}
                true as is_latest_version
                {%- endif %}
            from {{ relation }}
        ) as versioned
    ) as ranked
{%- endmacro %}
