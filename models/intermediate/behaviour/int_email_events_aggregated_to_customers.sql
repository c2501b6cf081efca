{#- One row per registered customer with their email events on or before
    as_of_date and their email status (segments email_engaged and
    email_suppressed). An event belongs to its customer_id, else to the
    account its email identifies (int_customer_emails_deduplicated).
    - is_email_engaged: an `opened` or `clicked` event in the last
      email_engaged_days (90) (macro in_last_n_days: 89 days ago counts, 90
      days ago does not).
    - has_unsubscribed / has_bounced / has_marked_as_spam: such an event ever,
      on or before as_of_date (a later re-subscription does not clear it).
    - is_email_suppressed: never to be emailed — no email address at all, or
      an address in int_email_addresses_suppressed: unsubscribed, bounced,
      marked as spam or without current consent, judged on every event and
      consent known at build time whatever as_of_date is, and per address
      (an account sharing a suppressed address is suppressed too). -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

email_events as (
    select * from {{ ref('stg_shop__email_events') }}
),

emails as (
    select * from {{ ref('int_customer_emails_deduplicated') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

suppressed_addresses as (
    select * from {{ ref('int_email_addresses_suppressed') }}
),

customer_events as (
    select
        email_events.email_event_id,
        coalesce(email_events.customer_id, emails.customer_id) as customer_id,
        email_events.event_type,
        email_events.event_type in ('opened', 'clicked') as is_engagement,
        {{ in_last_n_days('email_events.occurred_date', var('email_engaged_days')) }} as is_in_engaged_window,
        email_events.occurred_date,
        email_events.occurred_at
    from email_events
    cross join as_of
    left join emails
        on
            email_events.customer_id is null
            and email_events.email = emails.email
    where email_events.occurred_date <= as_of.as_of_date
),

event_summary as (
    select
        customer_id,
        sum(case when event_type = 'delivered' then 1 else 0 end) as delivered_count,
        sum(case when event_type = 'opened' and is_in_engaged_window then 1 else 0 end) as opens_engaged_window,
        sum(case when event_type = 'clicked' and is_in_engaged_window then 1 else 0 end) as clicks_engaged_window,
        max(case when is_engagement and is_in_engaged_window then 1 else 0 end) = 1 as is_email_engaged,
        max(case when event_type = 'unsubscribed' then 1 else 0 end) = 1 as has_unsubscribed,
        max(case when event_type = 'bounced' then 1 else 0 end) = 1 as has_bounced,
        max(case when event_type = 'marked_as_spam' then 1 else 0 end) = 1 as has_marked_as_spam,
        max(case when is_engagement then occurred_date end) as last_email_engagement_date,
        max(case when event_type = 'opened' then occurred_at end) as last_opened_at,
        max(case when event_type = 'clicked' then occurred_at end) as last_clicked_at
    from customer_events
    where customer_id is not null
    group by customer_id
),

final as (
    select
        customers.customer_id,
        customers.email_marketing_consent,
        coalesce(event_summary.delivered_count, 0) as delivered_count,
        coalesce(event_summary.opens_engaged_window, 0) as opens_engaged_window,
        coalesce(event_summary.clicks_engaged_window, 0) as clicks_engaged_window,
        {{ dbt.datediff('event_summary.last_email_engagement_date', 'customers.as_of_date', 'day') }}
            as days_since_last_email_engagement,
        customers.email is not null as has_email,
        coalesce(event_summary.is_email_engaged, false) as is_email_engaged,
        coalesce(event_summary.has_unsubscribed, false) as has_unsubscribed,
        coalesce(event_summary.has_bounced, false) as has_bounced,
        coalesce(event_summary.has_marked_as_spam, false) as has_marked_as_spam,
        (customers.email is null or suppressed_addresses.email is not null) as is_email_suppressed,
        event_summary.last_email_engagement_date,
        event_summary.last_opened_at,
        event_summary.last_clicked_at
    from customers
    left join event_summary
        on customers.customer_id = event_summary.customer_id
    left join suppressed_addresses
        on customers.email = suppressed_addresses.email
)

select * from final
