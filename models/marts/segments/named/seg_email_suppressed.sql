{#- Segment email_suppressed (SEGMENTS.md, "Named segments"): customers never
    to be emailed — no email address, or an address in
    int_email_addresses_suppressed: unsubscribed, bounced or marked as spam at
    any date, or held by an account whose latest consent is not `subscribed`.
    Consent is always current, whatever as_of_date is, and per address
    (profile is_email_suppressed). By the segment-layer rule the email column
    is always null here; the reasons are carried instead. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

suppressed_addresses as (
    select * from {{ ref('int_email_addresses_suppressed') }}
),

final as (
    select
        customers.customer_id,
        cast(null as {{ dbt.type_string() }}) as email,
        customers.email_marketing_consent,
        customers.email is not null as has_email_address,
        customers.has_unsubscribed,
        customers.has_bounced,
        customers.has_marked_as_spam,
        coalesce(suppressed_addresses.has_opt_out_event, false) as address_has_opt_out_event,
        coalesce(suppressed_addresses.has_no_current_consent, false) as address_has_no_current_consent,
        customers.as_of_date
    from customers
    left join suppressed_addresses
        on customers.email = suppressed_addresses.email
    where customers.is_email_suppressed
)

select * from final
