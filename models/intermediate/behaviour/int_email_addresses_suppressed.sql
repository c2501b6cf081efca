{#- Every normalised email address that must never be emailed, whatever
    as_of_date is (SEGMENTS.md, "consent is always current"): every email
    event and consent change known at build time counts, also those dated
    after as_of_date, because a past as_of_date must never put an address back
    on a mailing list. An address is suppressed when
    - an unsubscribed, bounced or marked_as_spam event carries it, or was
      recorded for an account (customer_id) that has or had it;
    - an account that has or had it has a current consent (its latest known
      version) other than `subscribed`, a missing consent included.
    Suppression is per address: it applies to every account sharing it. -#}

with

customer_versions as (
    -- Every usable version of every account: accepted or collapsed, so
    -- later and older versions count as well as the one as of as_of_date.
    select
        customer_id,
        email,
        email_marketing_consent,
        updated_at
    from {{ ref('base_shop__customers') }}
    where row_disposition <> 'rejected'
),

email_events as (
    select * from {{ ref('stg_shop__email_events') }}
),

latest_versions as (
    select
        customer_id,
        email_marketing_consent,
        row_number() over (
            partition by customer_id
            order by updated_at desc nulls last, email_marketing_consent asc
        ) as version_rank
    from customer_versions
),

account_addresses as (
    select distinct
        customer_id,
        email
    from customer_versions
    where email is not null
),

opt_outs as (
    select
        customer_id,
        email
    from email_events
    where event_type in ('unsubscribed', 'bounced', 'marked_as_spam')
),

suppressions as (
    select
        email,
        'opt_out_event' as suppression_source
    from opt_outs
    where email is not null
    union all
    select
        account_addresses.email,
        'opt_out_event' as suppression_source
    from opt_outs
    inner join account_addresses
        on opt_outs.customer_id = account_addresses.customer_id
    union all
    select
        account_addresses.email,
        'no_current_consent' as suppression_source
    from account_addresses
    inner join latest_versions
        on account_addresses.customer_id = latest_versions.customer_id
    where
        latest_versions.version_rank = 1
        and coalesce(latest_versions.email_marketing_consent, 'none') <> 'subscribed'
),

final as (
    select
        email,
        max(case when suppression_source = 'opt_out_event' then 1 else 0 end) = 1 as has_opt_out_event,
        max(case when suppression_source = 'no_current_consent' then 1 else 0 end) = 1 as has_no_current_consent
    from suppressions
    group by email
)

select * from final
