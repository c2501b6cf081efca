{#- One row per email event on or before as_of_date that belongs to a
    registered customer, for BI and for the email-event functions of the
    segment query language (shopify_email.opened MATCHES (...)). An event
    belongs to its customer_id, else to the one account its normalised email
    identifies (int_customer_emails_deduplicated) — the rule of
    int_email_events_aggregated_to_customers. The address itself is left out. -#}

with

email_events as (
    select * from {{ ref('stg_shop__email_events') }}
),

emails as (
    select * from {{ ref('int_customer_emails_deduplicated') }}
),

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

matched as (
    select
        email_events.email_event_id,
        coalesce(email_events.customer_id, emails.customer_id) as customer_id,
        email_events.campaign_id,
        email_events.event_type,
        email_events.occurred_date,
        email_events.occurred_at
    from email_events
    left join emails
        on
            email_events.customer_id is null
            and email_events.email = emails.email
),

final as (
    select
        matched.email_event_id,
        matched.customer_id,
        matched.campaign_id,
        matched.event_type,
        matched.occurred_date,
        matched.occurred_at,
        as_of.as_of_date
    from matched
    inner join customers
        on matched.customer_id = customers.customer_id
    cross join as_of
    where matched.occurred_date <= as_of.as_of_date
)

select * from final
