with

sessions as (
    select * from {{ ref('base_shop__sessions') }}
    where row_disposition = 'accepted'
),

final as (
    select
        session_id,
        visitor_id,
        customer_id,
        channel,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        landing_page,
        device_type,
        os,
        browser,
        country_code,
        city,
        started_date,
        started_at,
        ended_at
    from sessions
)

select * from final
