{#- The usable raw order items: one row per order line, cleaned and typed. The cleaning
    rules are in base_shop__order_items (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw order items: this view (the accepted
    rows), stg_shop__order_items_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
{{ config(post_hook="{{ assert_required_rows('order_items') }}") }}

with

order_items as (
    select * from {{ ref('base_shop__order_items') }}
    where row_disposition = 'accepted'
),

final as (
    select
        order_line_id,
        order_id,
        product_id,
        line_number,
        quantity,
        unit_price,
        discount_amount
    from order_items
)

select * from final
