{#- Segment new_customers (SEGMENTS.md, "Named segments"): customers whose
    first valid order is in the last new_customer_days (30), i.e. dated after
    as_of_date − 30 days and on or before as_of_date. -#}

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
        customers.acquisition_channel,
        cast(customers.valid_order_count as {{ dbt.type_bigint() }}) as valid_order_count,
        cast(customers.lifetime_net_revenue as {{ type_money() }}) as lifetime_net_revenue,
        cast(
            {{ dbt.datediff('customers.first_valid_order_date', 'as_of.as_of_date', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_since_first_valid_order,
        customers.first_valid_order_date,
        as_of.as_of_date
    from customers
    cross join as_of
    where {{ in_last_n_days('customers.first_valid_order_date', var('new_customer_days'), 'as_of.as_of_date') }}
)

select * from final
