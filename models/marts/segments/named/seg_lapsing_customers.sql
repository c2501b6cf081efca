{#- Segment lapsing_customers (SEGMENTS.md, "Named segments"): customers who
    have placed a valid order but none in the last lapse_days (30, the store's
    purchase cycle): their last valid order is dated on or before
    as_of_date − lapse_days. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

final as (
    select
        customers.customer_id,
        case when customers.is_email_suppressed then null else customers.email end as email,
        customers.recency_bucket,
        cast(customers.valid_order_count as {{ dbt.type_bigint() }}) as valid_order_count,
        cast(customers.lifetime_net_revenue as {{ type_money() }}) as lifetime_net_revenue,
        cast(
            {{ dbt.datediff('customers.last_valid_order_date', 'as_of.as_of_date', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_since_last_valid_order,
        customers.last_valid_order_date,
        as_of.as_of_date
    from customers
    cross join as_of
    where
        customers.last_valid_order_date is not null
        and not {{ in_last_n_days('customers.last_valid_order_date', var('lapse_days'), 'as_of.as_of_date') }}
)

select * from final
