with

rejected as (
    select * from {{ ref('base_shop__products') }}
    where row_disposition = 'rejected'
),

final as (
    select
        product_id,
        rejection_reason,
        rejection_column,
        product_name,
        category
    from rejected
)

select * from final
