{#- One row per customer with at least one valid order on or before
    as_of_date, with the marketing channel that acquired them (SEGMENTS.md,
    "Channels"). The first of these sources that exists wins:
    1. first_order_session: the channel of the session that placed the first
       valid order (the order's session_id), a session started on or before
       as_of_date;
    2. first_order_attribution: the first valid order's own attribution
       channel, only when the order carries a utm_source, utm_medium or
       referrer;
    3. first_session: the channel of the customer's first session on or
       before as_of_date (earliest started_at, ties by session_id);
    4. direct_default: 'Direct'. -#}

with

orders as (
    select * from {{ ref('int_orders_valued') }}
),

order_attribution as (
    select * from {{ ref('stg_shop__orders') }}
),

sessions as (
    select * from {{ ref('int_sessions_stitched_to_customers') }}
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

first_valid_orders as (
    select
        customer_id,
        order_id,
        session_id,
        ordered_date,
        ordered_at
    from orders
    where valid_order_number = 1
),

ranked_customer_sessions as (
    select
        customer_id,
        session_id,
        channel,
        row_number() over (
            partition by customer_id
            order by started_at, session_id
        ) as session_number
    from sessions_as_of
    where customer_id is not null
),

first_sessions as (
    select
        customer_id,
        session_id,
        channel
    from ranked_customer_sessions
    where session_number = 1
),

candidates as (
    select
        first_valid_orders.customer_id,
        first_valid_orders.order_id,
        order_sessions.session_id as order_session_id,
        order_sessions.channel as order_session_channel,
        case
            when
                order_attribution.utm_source is not null
                or order_attribution.utm_medium is not null
                or order_attribution.referrer is not null
                then order_attribution.channel
        end as order_attribution_channel,
        first_sessions.session_id as first_session_id,
        first_sessions.channel as first_session_channel,
        first_valid_orders.ordered_date,
        first_valid_orders.ordered_at
    from first_valid_orders
    left join sessions_as_of as order_sessions
        on first_valid_orders.session_id = order_sessions.session_id
    left join order_attribution
        on first_valid_orders.order_id = order_attribution.order_id
    left join first_sessions
        on first_valid_orders.customer_id = first_sessions.customer_id
),

final as (
    select
        candidates.customer_id,
        candidates.order_id as first_valid_order_id,
        case
            when candidates.order_session_channel is not null then candidates.order_session_id
            when candidates.order_attribution_channel is not null then null
            when candidates.first_session_channel is not null then candidates.first_session_id
        end as acquisition_session_id,
        coalesce(
            candidates.order_session_channel,
            candidates.order_attribution_channel,
            candidates.first_session_channel,
            'Direct'
        ) as acquisition_channel,
        case
            when candidates.order_session_channel is not null then 'first_order_session'
            when candidates.order_attribution_channel is not null then 'first_order_attribution'
            when candidates.first_session_channel is not null then 'first_session'
            else 'direct_default'
        end as acquisition_source,
        as_of.as_of_date,
        candidates.ordered_date as first_valid_order_date,
        candidates.ordered_at as first_valid_order_at
    from candidates
    cross join as_of
)

select * from final
