with

rejected as (
    select * from {{ ref('base_shop__order_items') }}
    where row_disposition = 'rejected'
),

final as (
    select
        order_id,
        line_number,
        rejection_reason,
        rejection_column,
        product_id,
        cast(quantity_raw as {{ dbt.type_string() }}) as quantity_raw,
        quantity,
        unit_price_order_currency
    from rejected
)

select * from final
