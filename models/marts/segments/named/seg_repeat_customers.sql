{#- Segment repeat_customers (SEGMENTS.md, "Named segments"): customers with
    two or more valid orders on or before as_of_date. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        cast(valid_order_count as {{ dbt.type_bigint() }}) as valid_order_count,
        cast(lifetime_net_revenue as {{ type_money() }}) as lifetime_net_revenue,
        cast(average_order_value as {{ type_money() }}) as average_order_value,
        cast(days_since_last_valid_order as {{ dbt.type_bigint() }}) as days_since_last_valid_order,
        first_valid_order_date,
        last_valid_order_date,
        as_of_date
    from customers
    where valid_order_count >= 2
)

select * from final
