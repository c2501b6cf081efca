{#- The usable raw email events: one row per email_event_id, cleaned and typed. The cleaning
    rules are in base_shop__email_events (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw email events: this view (the accepted
    rows), stg_shop__email_events_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
with

email_events as (
    select * from {{ ref('base_shop__email_events') }}
    where row_disposition = 'accepted'
),

final as (
    select
        email_event_id,
        customer_id,
        campaign_id,
        email,
        event_type,
        occurred_date,
        occurred_at
    from email_events
)

select * from final
