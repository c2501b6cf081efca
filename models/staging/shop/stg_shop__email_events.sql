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
