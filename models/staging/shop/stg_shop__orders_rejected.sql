with

rejected as (
    select * from {{ ref('base_shop__orders') }}
    where row_disposition = 'rejected'
),

final as (
    select
        order_id,
        rejection_reason,
        rejection_column,
        customer_id,
        email,
        status,
        currency_code,
        subtotal_amount_order_currency,
        cast(ordered_at_raw as {{ dbt.type_string() }}) as ordered_at_raw,
        ordered_at,
        updated_at
    from rejected
)

select * from final
