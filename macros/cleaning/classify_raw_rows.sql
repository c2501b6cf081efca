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
    - collapsed: another exact copy of it (`exact_duplicate`), an older
                 version (`superseded_version`), or a row not yet known on
                 var `as_of_date` (`known_after_as_of_date`, see below).

    Point in time (SEGMENTS.md, "as_of_date"): when var `as_of_date` is set,
    a version whose `version_column` is after the end of that day (store
    calendar) was not known yet: it is left out of the choice above, so the
    accepted row is the latest version known on as_of_date, and a key known
    only later has no accepted row at all. A table without versions may pass
    `known_column`, a boolean column of the relation saying the same of each
    row (an order line whose order is known only later).

    Most keys have one row, and a ranking window over every row of the event
    tables was the largest part of staging. So where the engine computes a
    CTE read twice only once (`computes_shared_ctes_once`), the keys with
    several rows are found first (a narrow group by) and only their rows go
    through the windows; a key's single row is classified directly, with the
    same outcome the windows would give it. A row with a null key column must
    carry a `validation_error` (`missing_key`), which decides it either way.

    `loaded_column` (a load timestamp, `_loaded_at`) decides which of several
    exact copies is the accepted one: the first loaded (a row without a load
    time after those with one). Without it, any copy may be, which matters
    only for what the copies do not share (their raw text, their load time).
    The choice is then the same whether the copies came in one build or in
    several incremental ones. -#}
{% macro classify_raw_rows(relation, key_columns, version_column=none, known_column=none, loaded_column=none) -%}
    {%- set as_of_cutoff = version_column and var('as_of_date') -%}
    {%- set by_known = known_column or as_of_cutoff -%}
    {%- set partition_columns = (['is_known_as_of'] if by_known else []) + key_columns -%}
    {%- set keys = partition_columns | join(', ') -%}
    {%- set split_single_rows = computes_shared_ctes_once() -%}
    {%- if version_column -%}
        {%- set latest_version = 'max(' ~ version_column ~ ') over (partition by ' ~ keys ~ ')' -%}
    {%- endif -%}
    {%- set known -%}
        select
            {{ relation }}.*
            {%- if as_of_cutoff %},
            (
                {{ version_column }} is null
                or {{ to_store_timestamp(version_column) }}
                < {{ dbt.dateadd('day', 1, "cast('" ~ var('as_of_date') ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
            ) as is_known_as_of
            {%- elif known_column and known_column != 'is_known_as_of' %},
            {{ known_column }} as is_known_as_of
            {%- endif %}
        from {{ relation }}
    {%- endset -%}
    {%- set repeated -%}
        select
            {%- for column in partition_columns %}
            {{ column }} as repeated_key_{{ loop.index }}{{ ',' if not loop.last }}
            {%- endfor %}
        from known
        group by {{ keys }}
        having count(*) > 1
    {%- endset -%}
    {%- set matches_repeated -%}
        {%- for column in partition_columns -%}
            known.{{ column }} = repeated.repeated_key_{{ loop.index }}{{ ' and ' if not loop.last }}
        {%- endfor -%}
    {%- endset -%}
    select
        ranked.*,
        case
            when ranked.validation_error is not null then 'rejected'
            {%- if by_known %}
            when not ranked.is_known_as_of then 'collapsed'
            {%- endif %}
            when ranked.latest_unusable_rows > 0 then 'rejected'
            when ranked.latest_min_row_hash <> ranked.latest_max_row_hash then 'rejected'
            when ranked.is_latest_version and ranked.latest_rank = 1 then 'accepted'
            else 'collapsed'
        end as row_disposition,
        case
            when ranked.validation_error is not null
                then {{ dbt.split_part('ranked.validation_error', "':'", 1) }}
            {%- if by_known %}
            when not ranked.is_known_as_of then null
            {%- endif %}
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
            when ranked.validation_error is not null then null
            {%- if by_known %}
            when not ranked.is_known_as_of then 'known_after_as_of_date'
            {%- endif %}
            when ranked.latest_unusable_rows > 0
                or ranked.latest_min_row_hash <> ranked.latest_max_row_hash
                or (ranked.is_latest_version and ranked.latest_rank = 1)
                then null
            when ranked.is_latest_version then 'exact_duplicate'
            else 'superseded_version'
        end as collapse_reason
    from (
        {%- if split_single_rows %}
        -- Read by both branches below, so computed once: the cleaned rows and
        -- the keys that have several of them.
        with

        known as (
            {{ known }}
        ),

        repeated as (
            {{ repeated }}
        )

        -- A key's only row: it is its key's latest version and its own rank 1.
        select
            known.*,
            true as is_latest_version,
            case when known.validation_error is not null then 1 else 0 end as latest_unusable_rows,
            known.row_hash as latest_min_row_hash,
            known.row_hash as latest_max_row_hash,
            1 as latest_rank
        from known
        left join repeated
            on {{ matches_repeated }}
        where repeated.repeated_key_1 is null

        union all
        {% endif %}
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
                order by
                    case when versioned.is_latest_version then 0 else 1 end,
                    versioned.row_hash
                    {%- if loaded_column %},
                    case when versioned.{{ loaded_column }} is null then 1 else 0 end,
                    versioned.{{ loaded_column }}
                    {%- endif %}
            ) as latest_rank
        from (
            select
                known.*,
                {%- if version_column %}
                (
                    known.{{ version_column }} = {{ latest_version }}
                    or {{ latest_version }} is null
                ) as is_latest_version
                {%- else %}
                true as is_latest_version
                {%- endif %}
            {%- if split_single_rows %}
            from known
            inner join repeated
                on {{ matches_repeated }}
            {%- else %}
            from ({{ known }}) as known
            {%- endif %}
        ) as versioned
    ) as ranked
{%- endmacro %}
