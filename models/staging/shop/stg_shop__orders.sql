{#- The usable raw orders: one row per order_id, cleaned and typed. The cleaning
    rules are in base_shop__orders (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw orders: this view (the accepted
    rows), stg_shop__orders_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
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
