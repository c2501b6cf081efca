with

rejected as (
    select * from {{ ref('base_shop__page_views') }}
    where row_disposition = 'rejected'
),

final as (
    select
        page_view_id,
        rejection_reason,
        rejection_column,
        session_id,
        cast(viewed_at_raw as {{ dbt.type_string() }}) as viewed_at_raw,
        viewed_at
    from rejected
)

select * from final
