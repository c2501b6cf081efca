with

rejected as (
    select * from {{ ref('base_shop__customers') }}
    where row_disposition = 'rejected'
),

final as (
    select
        customer_id,
        rejection_reason,
        rejection_column,
        email,
        country_raw,
        cast(created_at_raw as {{ dbt.type_string() }}) as created_at_raw,
        created_at,
        updated_at
    from rejected
)

select * from final
