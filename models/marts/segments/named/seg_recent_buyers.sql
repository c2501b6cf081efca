{#- Segment recent_buyers (SEGMENTS.md, "Named segments"): customers with a
    valid order in the last recent_buyer_days (30). The window has its own var,
    so its order count and revenue are computed here from fct_orders rather
    than read from the profile's recent_window_days counters. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
    where is_valid_order and customer_id is not null
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

window_orders as (
    select
        orders.customer_id,
        count(*) as valid_orders_in_window,
        sum(orders.net_revenue) as net_revenue_in_window,
        max(orders.ordered_date) as last_valid_order_date
    from orders
    cross join as_of
    where {{ in_last_n_days('orders.ordered_date', var('recent_buyer_days'), 'as_of.as_of_date') }}
    group by orders.customer_id
),

final as (
    select
        customers.customer_id,
        case when customers.is_email_suppressed then null else customers.email end as email,
        cast(window_orders.valid_orders_in_window as {{ dbt.type_bigint() }}) as valid_orders_in_window,
        cast(window_orders.net_revenue_in_window as {{ type_money() }}) as net_revenue_in_window,
        cast(
            {{ dbt.datediff('window_orders.last_valid_order_date', 'as_of.as_of_date', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_since_last_valid_order,
        window_orders.last_valid_order_date,
        as_of.as_of_date
    from window_orders
    inner join customers
        on window_orders.customer_id = customers.customer_id
    cross join as_of
)

select * from final
