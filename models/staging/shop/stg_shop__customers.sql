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
