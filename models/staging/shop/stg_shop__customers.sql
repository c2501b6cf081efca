{#- The usable raw customers: one row per customer_id, cleaned and typed. The cleaning
    rules are in base_shop__customers (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw customers: this view (the accepted
    rows), stg_shop__customers_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
{{ config(post_hook="{{ assert_required_rows('customers') }}") }}

with

customers as (
    select * from {{ ref('base_shop__customers') }}
    where row_disposition = 'accepted'
),

final as (
    select
        customer_id,
        company_id,
        email,
        first_name,
        last_name,
        gender,
        language_tag,
        language_code,
        city,
        region,
        postal_code,
        country_code,
        tags,
        interests,
        income_band,
        account_status,
        email_marketing_consent,
        created_by_app,
        latitude,
        longitude,
        birth_date,
        created_at,
        updated_at
    from customers
)

select * from final
