{#- Segment best_channel_customers (SEGMENTS.md, "Named segments"):
    customers whose acquisition channel is among the top top_channel_count (2)
    channels by revenue per acquired customer, ranked among the channels with
    at least min_channel_customers (30) acquired customers
    (fct_channel_performance.revenue_per_acquired_customer_rank, SQL rank():
    channels tied on the last place are all kept). -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

channels as (
    select * from {{ ref('fct_channel_performance') }}
    where revenue_per_acquired_customer_rank <= {{ var('top_channel_count') }}
),

final as (
    select
        customers.customer_id,
        case when customers.is_email_suppressed then null else customers.email end as email,
        customers.acquisition_channel,
        customers.acquisition_source,
        cast(channels.revenue_per_acquired_customer_rank as {{ dbt.type_bigint() }}) as channel_rank,
        cast(channels.revenue_per_acquired_customer as {{ type_money() }}) as channel_revenue_per_acquired_customer,
        cast(channels.customers_acquired as {{ dbt.type_bigint() }}) as channel_customers_acquired,
        cast(customers.lifetime_net_revenue as {{ type_money() }}) as lifetime_net_revenue,
        customers.as_of_date
    from customers
    inner join channels
        on customers.acquisition_channel = channels.channel
)

select * from final
