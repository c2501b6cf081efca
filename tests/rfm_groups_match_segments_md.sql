{#- The seed rfm_groups against the grid as SEGMENTS.md ("RFM") writes it:
    ten groups, each a range of R and F scores. The ranges below are copied
    from the spec's table, not from the seed, and expanded here to cells, so
    a wrong, missing or extra cell in the seed fails this test (and so does
    an empty seed). Returns every cell where the two disagree. -#}

with

-- One row per line reads like the spec's table.
-- noqa: disable=LT09
spec_ranges as (
    select 'champions' as rfm_group, 5 as r_min, 5 as r_max, 4 as f_min, 5 as f_max
    union all
    select 'loyal' as rfm_group, 3 as r_min, 4 as r_max, 4 as f_min, 5 as f_max
    union all
    select 'potential_loyalists' as rfm_group, 4 as r_min, 5 as r_max, 2 as f_min, 3 as f_max
    union all
    select 'new_customers' as rfm_group, 5 as r_min, 5 as r_max, 1 as f_min, 1 as f_max
    union all
    select 'promising' as rfm_group, 4 as r_min, 4 as r_max, 1 as f_min, 1 as f_max
    union all
    select 'need_attention' as rfm_group, 3 as r_min, 3 as r_max, 3 as f_min, 3 as f_max
    union all
    select 'about_to_sleep' as rfm_group, 3 as r_min, 3 as r_max, 1 as f_min, 2 as f_max
    union all
    select 'at_risk' as rfm_group, 1 as r_min, 2 as r_max, 3 as f_min, 4 as f_max
    union all
    select 'cant_lose_them' as rfm_group, 1 as r_min, 2 as r_max, 5 as f_min, 5 as f_max
    union all
    select 'hibernating' as rfm_group, 1 as r_min, 2 as r_max, 1 as f_min, 2 as f_max
),

scores as (
    select 1 as score
    union all
    select 2 as score
    union all
    select 3 as score
    union all
    select 4 as score
    union all
    select 5 as score
),
-- noqa: enable=LT09

spec_cells as (
    select
        recency.score as recency_score,
        frequency.score as frequency_score,
        spec_ranges.rfm_group
    from spec_ranges
    inner join scores as recency
        on recency.score between spec_ranges.r_min and spec_ranges.r_max
    inner join scores as frequency
        on frequency.score between spec_ranges.f_min and spec_ranges.f_max
),

seed_cells as (
    select
        recency_score,
        frequency_score,
        rfm_group
    from {{ ref('rfm_groups') }}
),

final as (
    select
        coalesce(spec_cells.recency_score, seed_cells.recency_score) as recency_score,
        coalesce(spec_cells.frequency_score, seed_cells.frequency_score) as frequency_score,
        spec_cells.rfm_group as spec_rfm_group,
        seed_cells.rfm_group as seed_rfm_group
    from spec_cells
    full outer join seed_cells
        on
            spec_cells.recency_score = seed_cells.recency_score
            and spec_cells.frequency_score = seed_cells.frequency_score
    where
        spec_cells.rfm_group is null
        or seed_cells.rfm_group is null
        or spec_cells.rfm_group <> seed_cells.rfm_group
)

select * from final
