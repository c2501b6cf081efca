{#- One row per registered customer (int_customers_registered_as_of) with the
    web sessions stitched to them, as of as_of_date (sessions started after it
    never count). Customers without a session get zeros and nulls.
    - sessions_*_window: sessions started in the last recent_window_days (30),
      engagement_window_days (90), long_window_days (365) (macro in_last_n_days).
    - A session "has an order" when a valid order of int_orders_valued (placed
      on or before as_of_date) carries its session_id, whoever it belongs to.
    - is_frequent_visitor_not_buying (segment frequent_visitors_not_buying):
      at least frequent_visit_threshold (4) sessions in the last
      frequent_visit_window_days (30) and none of them has an order.
    - primary_device_type / primary_os / primary_browser: the known value with
      the most sessions in the last long_window_days (365); ties go to the value
      of the most recent session, then alphabetical. Unknown values (null, and
      device type `unknown`) are not candidates; null when no session in the
      window has a known value. -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

sessions as (
    select * from {{ ref('int_sessions_stitched_to_customers') }}
    where customer_id is not null
),

orders as (
    select * from {{ ref('int_orders_valued') }}
    where is_valid_order and session_id is not null
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

ordering_sessions as (
    select distinct session_id
    from orders
),

sessions_flagged as (
    select
        sessions.session_id,
        sessions.customer_id,
        sessions.device_type,
        sessions.os,
        sessions.browser,
        ordering_sessions.session_id is not null as has_valid_order,
        {{ in_last_n_days('sessions.started_date', var('recent_window_days')) }} as is_in_recent_window,
        {{ in_last_n_days('sessions.started_date', var('engagement_window_days')) }} as is_in_engagement_window,
        {{ in_last_n_days('sessions.started_date', var('long_window_days')) }} as is_in_long_window,
        {{ in_last_n_days('sessions.started_date', var('frequent_visit_window_days')) }} as is_in_frequent_visit_window,
        sessions.started_date,
        sessions.started_at
    from sessions
    cross join as_of
    left join ordering_sessions
        on sessions.session_id = ordering_sessions.session_id
),

session_counts as (
    select
        customer_id,
        count(*) as session_count,
        sum(case when is_in_recent_window then 1 else 0 end) as sessions_recent_window,
        sum(case when is_in_engagement_window then 1 else 0 end) as sessions_engagement_window,
        sum(case when is_in_long_window then 1 else 0 end) as sessions_long_window,
        sum(case when is_in_recent_window and not has_valid_order then 1 else 0 end)
            as sessions_without_order_recent_window,
        sum(case when is_in_frequent_visit_window then 1 else 0 end) as sessions_frequent_visit_window,
        sum(case when is_in_frequent_visit_window and has_valid_order then 1 else 0 end)
            as ordering_sessions_frequent_visit_window,
        min(started_date) as first_session_date,
        max(started_date) as last_session_date,
        max(started_at) as last_session_at
    from sessions_flagged
    group by customer_id
),

{%- for attribute in ['device_type', 'os', 'browser'] %}

{{ attribute }}_ranked as (
    select
        customer_id,
        {{ attribute }},
        row_number() over (
            partition by customer_id
            order by count(*) desc, max(started_at) desc, {{ attribute }} asc
        ) as preference_rank
    from sessions_flagged
    where
        is_in_long_window
        and {{ attribute }} is not null
        and {{ attribute }} <> 'unknown'
    group by customer_id, {{ attribute }}
),
{%- endfor %}

final as (
    select
        customers.customer_id,
        device_type_ranked.device_type as primary_device_type,
        os_ranked.os as primary_os,
        browser_ranked.browser as primary_browser,
        coalesce(session_counts.session_count, 0) as session_count,
        coalesce(session_counts.sessions_recent_window, 0) as sessions_recent_window,
        coalesce(session_counts.sessions_engagement_window, 0) as sessions_engagement_window,
        coalesce(session_counts.sessions_long_window, 0) as sessions_long_window,
        coalesce(session_counts.sessions_without_order_recent_window, 0) as sessions_without_order_recent_window,
        coalesce(session_counts.sessions_frequent_visit_window, 0) as sessions_frequent_visit_window,
        coalesce(session_counts.ordering_sessions_frequent_visit_window, 0)
            as ordering_sessions_frequent_visit_window,
        {{ dbt.datediff('session_counts.last_session_date', 'customers.as_of_date', 'day') }}
            as days_since_last_session,
        coalesce(session_counts.session_count, 0) > 0 as has_session,
        (
            coalesce(session_counts.sessions_frequent_visit_window, 0) >= {{ var('frequent_visit_threshold') }}
            and coalesce(session_counts.ordering_sessions_frequent_visit_window, 0) = 0
        ) as is_frequent_visitor_not_buying,
        session_counts.first_session_date,
        session_counts.last_session_date,
        session_counts.last_session_at
    from customers
    left join session_counts
        on customers.customer_id = session_counts.customer_id
    left join device_type_ranked
        on
            customers.customer_id = device_type_ranked.customer_id
            and device_type_ranked.preference_rank = 1
    left join os_ranked
        on
            customers.customer_id = os_ranked.customer_id
            and os_ranked.preference_rank = 1
    left join browser_ranked
        on
            customers.customer_id = browser_ranked.customer_id
            and browser_ranked.preference_rank = 1
)

select * from final
