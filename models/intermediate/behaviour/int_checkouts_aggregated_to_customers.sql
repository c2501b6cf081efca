{#- One row per registered customer with their checkouts as of as_of_date
    and their abandoned checkouts (is_abandoned of
    int_checkouts_matched_to_customers: created in the last
    abandon_lookback_days, not completed, created more than
    abandon_after_hours before the end of as_of_date, no valid order since).
    The latest abandoned checkout is the one created last (ties: highest
    checkout_id). -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

checkouts as (
    select * from {{ ref('int_checkouts_matched_to_customers') }}
    where customer_id is not null
),

checkout_counts as (
    select
        customer_id,
        count(*) as checkout_count,
        sum(case when is_completed then 1 else 0 end) as completed_checkout_count,
        sum(case when is_abandoned then 1 else 0 end) as abandoned_checkout_count,
        max(created_at) as last_checkout_at
    from checkouts
    group by customer_id
),

latest_abandoned as (
    select
        customer_id,
        checkout_id,
        cart_amount,
        created_at,
        row_number() over (partition by customer_id order by created_at desc, checkout_id desc) as recency_rank
    from checkouts
    where is_abandoned
),

final as (
    select
        customers.customer_id,
        latest_abandoned.checkout_id as latest_abandoned_checkout_id,
        coalesce(checkout_counts.checkout_count, 0) as checkout_count,
        coalesce(checkout_counts.completed_checkout_count, 0) as completed_checkout_count,
        coalesce(checkout_counts.abandoned_checkout_count, 0) as abandoned_checkout_count,
        latest_abandoned.cart_amount as latest_abandoned_cart_amount,
        latest_abandoned.checkout_id is not null as has_abandoned_checkout,
        checkout_counts.last_checkout_at,
        latest_abandoned.created_at as latest_abandoned_checkout_at
    from customers
    left join checkout_counts
        on customers.customer_id = checkout_counts.customer_id
    left join latest_abandoned
        on
            customers.customer_id = latest_abandoned.customer_id
            and latest_abandoned.recency_rank = 1
)

select * from final
