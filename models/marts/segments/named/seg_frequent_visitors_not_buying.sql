{#- Segment frequent_visitors_not_buying (SEGMENTS.md, "Named segments"):
    customers with at least frequent_visit_threshold (4) sessions (their own
    and their stitched visitors' sessions) started in the last
    frequent_visit_window_days (30), none of which has a valid order (no valid
    order on or before as_of_date carries the session's id). The counts come
    from the profile (int_sessions_aggregated_to_customers), which counts
    exactly that. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        cast(sessions_frequent_visit_window as {{ dbt.type_bigint() }}) as sessions_frequent_visit_window,
        cast(valid_order_count as {{ dbt.type_bigint() }}) as valid_order_count,
        cast(days_since_last_session as {{ dbt.type_bigint() }}) as days_since_last_session,
        last_session_date,
        as_of_date
    from customers
    where
        sessions_frequent_visit_window >= {{ var('frequent_visit_threshold') }}
        and ordering_sessions_frequent_visit_window = 0
)

select * from final
