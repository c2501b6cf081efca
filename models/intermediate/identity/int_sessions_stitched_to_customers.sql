{#- Sessions started on or before as_of_date, each with its customer: the
    logged-in customer, else the customer its visitor was stitched to (see
    int_visitors_stitched_to_customers), else none (anonymous). -#}

with

sessions as (
    select * from {{ ref('stg_shop__sessions') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

visitors as (
    select * from {{ ref('int_visitors_stitched_to_customers') }}
),

final as (
    select
        sessions.session_id,
        sessions.visitor_id,
        coalesce(sessions.customer_id, visitors.customer_id) as customer_id,
        sessions.channel,
        sessions.utm_source,
        sessions.utm_medium,
        sessions.utm_campaign,
        sessions.referrer,
        sessions.landing_page,
        sessions.device_type,
        sessions.os,
        sessions.browser,
        sessions.country_code,
        sessions.city,
        case
            when sessions.customer_id is not null then 'logged_in'
            when visitors.customer_id is not null then 'stitched'
            else 'anonymous'
        end as identity_method,
        visitors.is_stitched as is_visitor_stitched,
        sessions.started_date,
        sessions.started_at,
        sessions.ended_at
    from sessions
    cross join as_of
    inner join visitors
        on sessions.visitor_id = visitors.visitor_id
    where sessions.started_date <= as_of.as_of_date
)

select * from final
