{#- Segment anonymous_visitors (SEGMENTS.md, "Named segments"): visitor_ids
    never seen logged in on or before as_of_date (not stitched to any
    customer), with a session started in the last anonymous_visitor_days (30).
    Keyed by visitor_id; there is no email to activate. -#}

with

visitors as (
    select * from {{ ref('int_visitors_stitched_to_customers') }}
    where not is_stitched
),

sessions as (
    select * from {{ ref('int_sessions_stitched_to_customers') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

visitor_sessions as (
    select
        sessions.visitor_id,
        count(*) as session_count,
        sum(
            case
                when {{ in_last_n_days('sessions.started_date', var('anonymous_visitor_days'), 'as_of.as_of_date') }}
                    then 1
                else 0
            end
        ) as sessions_in_window,
        max(sessions.started_date) as last_session_date
    from sessions
    cross join as_of
    group by sessions.visitor_id
),

final as (
    select
        visitors.visitor_id,
        cast(visitor_sessions.sessions_in_window as {{ dbt.type_bigint() }}) as sessions_in_window,
        cast(visitor_sessions.session_count as {{ dbt.type_bigint() }}) as session_count,
        cast(
            {{ dbt.datediff('visitor_sessions.last_session_date', 'as_of.as_of_date', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_since_last_session,
        visitor_sessions.last_session_date,
        visitors.first_seen_at,
        visitors.last_seen_at,
        as_of.as_of_date
    from visitors
    inner join visitor_sessions
        on visitors.visitor_id = visitor_sessions.visitor_id
    cross join as_of
    where visitor_sessions.sessions_in_window > 0
)

select * from final
