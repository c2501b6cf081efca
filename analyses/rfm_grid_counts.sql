{#- The 5 x 5 RFM grid (SEGMENTS.md, "RFM"): one row per (recency score,
    frequency score) cell, every cell present, with its RFM group (seed
    rfm_groups), the customers in it, their share of the scored customers,
    their lifetime net revenue and average monetary score. Customers without a
    valid order (group prospects) have no score and are counted apart in the
    `prospects` row at the end (scores null).
    Compile with `dbt compile --select rfm_grid_counts`. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

rfm_groups as (
    select * from {{ ref('rfm_groups') }}
),

scores as (
    {%- for score in range(1, 6) %}
    select {{ score }} as score
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

grid as (
    select
        recency.score as recency_score,
        frequency.score as frequency_score
    from scores as recency
    cross join scores as frequency
),

cell_counts as (
    select
        recency_score,
        frequency_score,
        count(*) as customers,
        sum(lifetime_net_revenue) as lifetime_net_revenue,
        avg(1.0 * monetary_score) as average_monetary_score
    from customers
    where recency_score is not null
    group by recency_score, frequency_score
),

scored_total as (
    select count(*) as scored_customers
    from customers
    where recency_score is not null
),

cells as (
    select
        grid.recency_score,
        grid.frequency_score,
        rfm_groups.rfm_group,
        coalesce(cell_counts.customers, 0) as customers,
        case
            when scored_total.scored_customers > 0
                then 1.0 * coalesce(cell_counts.customers, 0) / scored_total.scored_customers
        end as share_of_scored_customers,
        coalesce(cell_counts.lifetime_net_revenue, 0) as lifetime_net_revenue,
        cell_counts.average_monetary_score
    from grid
    cross join scored_total
    left join rfm_groups
        on
            grid.recency_score = rfm_groups.recency_score
            and grid.frequency_score = rfm_groups.frequency_score
    left join cell_counts
        on
            grid.recency_score = cell_counts.recency_score
            and grid.frequency_score = cell_counts.frequency_score
),

prospects as (
    select
        cast(null as {{ dbt.type_int() }}) as recency_score,
        cast(null as {{ dbt.type_int() }}) as frequency_score,
        'prospects' as rfm_group,
        count(*) as customers,
        cast(null as {{ type_double() }}) as share_of_scored_customers,
        coalesce(sum(lifetime_net_revenue), 0) as lifetime_net_revenue,
        cast(null as {{ type_double() }}) as average_monetary_score
    from customers
    where recency_score is null
),

final as (
    select * from cells
    union all
    select * from prospects
)

select * from final
order by recency_score desc nulls last, frequency_score desc
