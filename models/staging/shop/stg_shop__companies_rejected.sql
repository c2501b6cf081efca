with

rejected as (
    select * from {{ ref('base_shop__companies') }}
    where row_disposition = 'rejected'
),

final as (
    select
        company_id,
        rejection_reason,
        rejection_column,
        company_name
    from rejected
)

select * from final
