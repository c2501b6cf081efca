{#- Segment email_suppressed (SEGMENTS.md, "Named segments"): customers never
    to be emailed — unsubscribed, bounced or marked as spam on or before
    as_of_date, email consent other than `subscribed` (null included), or no
    email address (profile is_email_suppressed,
    int_email_events_aggregated_to_customers). By the segment-layer rule the
    email column is always null here; the reasons are carried instead. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        cast(null as {{ dbt.type_string() }}) as email,
        email_marketing_consent,
        email is not null as has_email_address,
        has_unsubscribed,
        has_bounced,
        has_marked_as_spam,
        as_of_date
    from customers
    where is_email_suppressed
)

select * from final
