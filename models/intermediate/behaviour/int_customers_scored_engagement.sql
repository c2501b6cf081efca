{#- One engagement level per registered customer as of as_of_date, from
    their valid orders, sessions and email opens/clicks (first rule that
    holds wins):
    1. highly_engaged  — a valid order in the last recent_window_days (30)
                         and at least 2 valid orders in the last
                         engagement_window_days (90);
    2. engaged         — a valid order in the last engagement_window_days (90),
                         or a session in the last recent_window_days (30);
    3. lightly_engaged — a session or an email open/click in the last
                         engagement_window_days (90);
    4. dormant         — a valid order, session or email open/click on or
                         before as_of_date, none of them in the last
                         engagement_window_days;
    5. never_engaged   — none at all (email deliveries alone do not count).
    last_activity_date is the latest of those three kinds of activity. -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

orders as (
    select * from {{ ref('int_orders_aggregated_to_customers') }}
),

sessions as (
    select * from {{ ref('int_sessions_aggregated_to_customers') }}
),

emails as (
    select * from {{ ref('int_email_events_aggregated_to_customers') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

activity_dates as (
    select
        customer_id,
        last_valid_order_date as activity_date
    from orders
    union all
    select
        customer_id,
        last_session_date as activity_date
    from sessions
    union all
    select
        customer_id,
        last_email_engagement_date as activity_date
    from emails
),

last_activity as (
    select
        customer_id,
        max(activity_date) as last_activity_date
    from activity_dates
    group by customer_id
),

measured as (
    select
        customers.customer_id,
        coalesce(orders.valid_orders_recent_window, 0) as valid_orders_recent_window,
        coalesce(orders.valid_orders_engagement_window, 0) as valid_orders_engagement_window,
        coalesce(sessions.sessions_recent_window, 0) as sessions_recent_window,
        coalesce(sessions.sessions_engagement_window, 0) as sessions_engagement_window,
        coalesce(
            {{ in_last_n_days('emails.last_email_engagement_date', var('engagement_window_days')) }}, false
        ) as has_email_open_or_click_engagement_window,
        last_activity.last_activity_date,
        as_of.as_of_date
    from customers
    cross join as_of
    left join orders
        on customers.customer_id = orders.customer_id
    left join sessions
        on customers.customer_id = sessions.customer_id
    left join emails
        on customers.customer_id = emails.customer_id
    left join last_activity
        on customers.customer_id = last_activity.customer_id
),

final as (
    select
        customer_id,
        case
            when valid_orders_recent_window >= 1 and valid_orders_engagement_window >= 2
                then 'highly_engaged'
            when valid_orders_engagement_window >= 1 or sessions_recent_window >= 1
                then 'engaged'
            when sessions_engagement_window >= 1 or has_email_open_or_click_engagement_window
                then 'lightly_engaged'
            when last_activity_date is not null
                then 'dormant'
            else 'never_engaged'
        end as engagement_level,
        valid_orders_recent_window,
        valid_orders_engagement_window,
        sessions_recent_window,
        sessions_engagement_window,
        {{ dbt.datediff('last_activity_date', 'as_of_date', 'day') }}
            as days_since_last_activity,
        has_email_open_or_click_engagement_window,
        last_activity_date
    from measured
)

select * from final
