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
