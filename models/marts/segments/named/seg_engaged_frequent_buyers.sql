{#- Segment engaged_frequent_buyers (SEGMENTS.md, "Named segments"):
    customers whose valid orders in the last engagement_window_days (90) are
    at least engaged_multiplier (2) × the mean of that count over the
    customers with at least one valid order in the window. The comparison is
    made without division (count × buyers ≥ multiplier × orders), so a
    customer exactly on the edge qualifies. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

window_buyers as (
    select
        customer_id,
        email,
        is_email_suppressed,
        cast(valid_orders_engagement_window as {{ dbt.type_bigint() }}) as valid_orders_engagement_window,
        last_valid_order_date,
        as_of_date
    from customers
    where valid_orders_engagement_window > 0
),

window_totals as (
    select
        count(*) as buyer_count,
        sum(valid_orders_engagement_window) as valid_order_count
    from window_buyers
),

final as (
    select
        window_buyers.customer_id,
        case when window_buyers.is_email_suppressed then null else window_buyers.email end as email,
        window_buyers.valid_orders_engagement_window,
        cast(window_totals.valid_order_count as {{ type_double() }}) / window_totals.buyer_count
            as mean_valid_orders_engagement_window,
        cast(window_buyers.valid_orders_engagement_window as {{ type_double() }})
        * window_totals.buyer_count / window_totals.valid_order_count as ratio_to_mean,
        window_buyers.last_valid_order_date,
        window_buyers.as_of_date
    from window_buyers
    cross join window_totals
    where
        window_buyers.valid_orders_engagement_window * window_totals.buyer_count
        >= {{ var('engaged_multiplier') }} * window_totals.valid_order_count
)

select * from final
