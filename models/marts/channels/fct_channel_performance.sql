{#- One row per marketing channel seen on or before as_of_date (in a
    session, a valid order or a customer acquisition), with its traffic,
    conversion, order and acquired-customer figures (SEGMENTS.md, "Channels").
    Channels are compared on revenue per acquired customer, ranked only among
    channels with at least var `min_channel_customers` acquired customers.
    Computed here, in the mart BI reads, rather than in an intermediate
    model that this one would only copy. -#}

with

sessions as (
    select * from {{ ref('int_sessions_stitched_to_customers') }}
),

orders as (
    select * from {{ ref('int_orders_valued') }}
),

acquisitions as (
    select * from {{ ref('int_customers_acquired_by_channel') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

sessions_as_of as (
    select sessions.*
    from sessions
    cross join as_of
    where sessions.started_date <= as_of.as_of_date
),

valid_orders as (
    select orders.*
    from orders
    cross join as_of
    where
        orders.is_valid_order
        and orders.ordered_date <= as_of.as_of_date
),

converting_session_ids as (
    select distinct session_id
    from valid_orders
    where session_id is not null
),

session_figures as (
    select
        sessions_as_of.channel,
        count(*) as sessions,
        count(distinct sessions_as_of.visitor_id) as visitors,
        count(converting_session_ids.session_id) as converting_sessions
    from sessions_as_of
    left join converting_session_ids
        on sessions_as_of.session_id = converting_session_ids.session_id
    group by sessions_as_of.channel
),

order_figures as (
    select
        channel,
        count(*) as valid_orders,
        sum(net_revenue) as net_revenue
    from valid_orders
    group by channel
),

acquisition_figures as (
    select
        acquisitions.acquisition_channel as channel,
        count(distinct acquisitions.customer_id) as customers_acquired,
        count(valid_orders.order_id) as acquired_customer_valid_orders,
        sum(valid_orders.net_revenue) as acquired_customer_net_revenue
    from acquisitions
    left join valid_orders
        on acquisitions.customer_id = valid_orders.customer_id
    group by acquisitions.acquisition_channel
),

channels as (
    select channel from session_figures
    union
    select channel from order_figures
    union
    select channel from acquisition_figures
),

combined as (
    select
        channels.channel,
        coalesce(session_figures.sessions, 0) as sessions,
        coalesce(session_figures.visitors, 0) as visitors,
        coalesce(session_figures.converting_sessions, 0) as converting_sessions,
        coalesce(acquisition_figures.customers_acquired, 0) as customers_acquired,
        coalesce(order_figures.valid_orders, 0) as valid_orders,
        cast(coalesce(order_figures.net_revenue, 0) as {{ type_money() }}) as net_revenue,
        coalesce(acquisition_figures.acquired_customer_valid_orders, 0) as acquired_customer_valid_orders,
        cast(
            coalesce(acquisition_figures.acquired_customer_net_revenue, 0) as {{ type_money() }}
        ) as acquired_customer_net_revenue
    from channels
    left join session_figures
        on channels.channel = session_figures.channel
    left join order_figures
        on channels.channel = order_figures.channel
    left join acquisition_figures
        on channels.channel = acquisition_figures.channel
),

ratios as (
    select
        *,
        case
            when sessions > 0
                then cast(converting_sessions as {{ type_double() }}) / sessions
        end as session_conversion_rate,
        {{ divide_money('net_revenue', 'valid_orders') }} as average_order_value,
        case
            when customers_acquired > 0
                then cast(acquired_customer_valid_orders as {{ type_double() }}) / customers_acquired
        end as orders_per_acquired_customer,
        {{ divide_money('acquired_customer_net_revenue', 'customers_acquired') }} as revenue_per_acquired_customer
    from combined
),

eligible as (
    select
        *,
        (
            customers_acquired > 0
            and customers_acquired >= {{ var('min_channel_customers') }}
        ) as is_rank_eligible
    from ratios
),

ranked as (
    select
        *,
        -- bigint on every engine (Spark's rank() is an int).
        cast(
            case
                when is_rank_eligible
                    then rank() over (
                        partition by is_rank_eligible
                        order by revenue_per_acquired_customer desc
                    )
            end as {{ dbt.type_bigint() }}
        ) as revenue_per_acquired_customer_rank
    from eligible
),

final as (
    select
        ranked.channel,
        ranked.sessions,
        ranked.visitors,
        ranked.converting_sessions,
        ranked.session_conversion_rate,
        ranked.customers_acquired,
        ranked.valid_orders,
        ranked.net_revenue,
        ranked.average_order_value,
        ranked.acquired_customer_valid_orders,
        ranked.acquired_customer_net_revenue,
        ranked.orders_per_acquired_customer,
        ranked.revenue_per_acquired_customer,
        ranked.revenue_per_acquired_customer_rank,
        as_of.as_of_date
    from ranked
    cross join as_of
)

select * from final
