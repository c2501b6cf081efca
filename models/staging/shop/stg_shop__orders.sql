{{ config(post_hook="{{ assert_required_rows('orders') }}") }}

with

orders as (
    select * from {{ ref('base_shop__orders') }}
    where row_disposition = 'accepted'
),

final as (
    select
        order_id,
        customer_id,
        session_id,
        email,
        status,
        currency_code,
        channel,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        shipping_city,
        shipping_country_code,
        exchange_rate,
        subtotal_amount,
        discount_amount,
        shipping_amount,
        tax_amount,
        total_amount,
        refunded_amount,
        ordered_date,
        ordered_at,
        updated_at
    from orders
)

select * from final
