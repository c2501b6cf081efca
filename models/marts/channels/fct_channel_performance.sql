{#- One row per marketing channel as of as_of_date: traffic, conversion,
    orders and acquired-customer value. The figures are computed in
    int_channels_aggregated; this mart only publishes them under a contract. -#}

with

channels as (
    select * from {{ ref('int_channels_aggregated') }}
),

final as (
    select
        channel,
        sessions,
        visitors,
        converting_sessions,
        session_conversion_rate,
        customers_acquired,
        valid_orders,
        net_revenue,
        average_order_value,
        acquired_customer_valid_orders,
        acquired_customer_net_revenue,
        orders_per_acquired_customer,
        revenue_per_acquired_customer,
        revenue_per_acquired_customer_rank,
        as_of_date
    from channels
)

select * from final
