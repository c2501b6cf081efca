{#- The usable raw products: one row per product_id, cleaned and typed. The cleaning
    rules are in base_shop__products (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw products: this view (the accepted
    rows), stg_shop__products_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
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
