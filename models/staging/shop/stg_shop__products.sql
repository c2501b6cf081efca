{{ config(post_hook="{{ assert_required_rows('products') }}") }}

with

products as (
    select * from {{ ref('base_shop__products') }}
    where row_disposition = 'accepted'
),

final as (
    select
        product_id,
        product_name,
        category,
        brand,
        list_price,
        created_at
    from products
)

select * from final
