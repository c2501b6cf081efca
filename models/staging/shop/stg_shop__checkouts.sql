with

checkouts as (
    select * from {{ ref('base_shop__checkouts') }}
    where row_disposition = 'accepted'
),

final as (
    select
        checkout_id,
        customer_id,
        session_id,
        completed_order_id,
        email,
        currency_code,
        cart_amount,
        created_date,
        created_at
    from checkouts
)

select * from final
