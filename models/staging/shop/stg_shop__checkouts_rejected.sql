with

rejected as (
    select * from {{ ref('base_shop__checkouts') }}
    where row_disposition = 'rejected'
),

final as (
    select
        checkout_id,
        rejection_reason,
        rejection_column,
        customer_id,
        currency_code,
        cast(created_at_raw as {{ dbt.type_string() }}) as created_at_raw,
        created_at
    from rejected
)

select * from final
