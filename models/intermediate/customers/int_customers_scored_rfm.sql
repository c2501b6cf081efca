{#- RFM exactly as SEGMENTS.md defines it, for customers with at least one
    valid order on or before as_of_date:
    - recency_days = as_of_date − date of the last valid order;
    - frequency = number of valid orders; monetary = their net revenue;
    - score = 1 + floor(5 × (rank() − 1) / n), rank() ordering customers from
      worst to best, so equal values always get equal scores;
    - rfm_group from the R and F scores (seed `rfm_groups`). -#}

with

customers as (
    select * from {{ ref('int_orders_aggregated_to_customers') }}
    where valid_order_count > 0
),

rfm_groups as (
    select * from {{ ref('rfm_groups') }}
),

measured as (
    select
        customer_id,
        days_since_last_valid_order as recency_days,
        valid_order_count as frequency,
        lifetime_net_revenue as monetary,
        count(*) over () as scored_customer_count
    from customers
),

ranked as (
    select
        *,
        rank() over (order by recency_days desc) as recency_rank,
        rank() over (order by frequency asc) as frequency_rank,
        rank() over (order by monetary asc) as monetary_rank
    from measured
),

scored as (
    select
        customer_id,
        recency_days,
        frequency,
        monetary,
        cast(1 + floor(5.0 * (recency_rank - 1) / scored_customer_count) as {{ dbt.type_int() }}) as recency_score,
        cast(1 + floor(5.0 * (frequency_rank - 1) / scored_customer_count) as {{ dbt.type_int() }})
            as frequency_score,
        cast(1 + floor(5.0 * (monetary_rank - 1) / scored_customer_count) as {{ dbt.type_int() }}) as monetary_score
    from ranked
),

final as (
    select
        scored.customer_id,
        {{ dbt.concat([
            'cast(scored.recency_score as ' ~ dbt.type_string() ~ ')',
            'cast(scored.frequency_score as ' ~ dbt.type_string() ~ ')',
            'cast(scored.monetary_score as ' ~ dbt.type_string() ~ ')'
        ]) }} as rfm_code,
        rfm_groups.rfm_group,
        scored.recency_days,
        scored.frequency,
        scored.monetary,
        scored.recency_score,
        scored.frequency_score,
        scored.monetary_score
    from scored
    left join rfm_groups
        on
            scored.recency_score = rfm_groups.recency_score
            and scored.frequency_score = rfm_groups.frequency_score
)

select * from final
