{#- The usable raw sessions: one row per session_id, cleaned and typed. The cleaning
    rules are in base_shop__sessions (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw sessions: this view (the accepted
    rows), stg_shop__sessions_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
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
