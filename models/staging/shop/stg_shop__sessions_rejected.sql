with

rejected as (
    select * from {{ ref('base_shop__sessions') }}
    where row_disposition = 'rejected'
),

final as (
    select
        session_id,
        rejection_reason,
        rejection_column,
        visitor_id,
        customer_id,
        cast(started_at_raw as {{ dbt.type_string() }}) as started_at_raw,
        started_at
    from rejected
)

select * from final
