{#- The usable raw checkouts: one row per checkout_id, cleaned and typed. The cleaning
    rules are in base_shop__checkouts (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw checkouts: this view (the accepted
    rows), stg_shop__checkouts_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
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
