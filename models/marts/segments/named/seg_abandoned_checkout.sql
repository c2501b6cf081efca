{#- Segment abandoned_checkout (SEGMENTS.md, "Named segments"): customers
    with a checkout created in the last abandon_lookback_days (7), not
    completed, created more than abandon_after_hours (1) before the end of
    as_of_date, and no valid order since it (profile has_abandoned_checkout,
    int_checkouts_matched_to_customers). The latest abandoned checkout is the
    one to remind them of. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        latest_abandoned_checkout_id,
        cast(abandoned_checkout_count as {{ dbt.type_bigint() }}) as abandoned_checkout_count,
        cast(latest_abandoned_cart_amount as {{ type_money() }}) as latest_abandoned_cart_amount,
        latest_abandoned_checkout_at,
        as_of_date
    from customers
    where has_abandoned_checkout
)

select * from final
