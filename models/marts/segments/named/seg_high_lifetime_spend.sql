{#- Segment high_lifetime_spend (SEGMENTS.md, "Named segments"): customers
    whose lifetime net revenue (all valid orders on or before as_of_date) is
    at least lifetime_spend_threshold (500, reporting currency). -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        cast(lifetime_net_revenue as {{ type_money() }}) as lifetime_net_revenue,
        cast({{ var('lifetime_spend_threshold') }} as {{ type_money() }}) as lifetime_spend_threshold,
        cast(valid_order_count as {{ dbt.type_bigint() }}) as valid_order_count,
        cast(average_order_value as {{ type_money() }}) as average_order_value,
        last_valid_order_date,
        as_of_date
    from customers
    where lifetime_net_revenue >= {{ var('lifetime_spend_threshold') }}
)

select * from final
