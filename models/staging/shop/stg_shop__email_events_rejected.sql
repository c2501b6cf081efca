with

rejected as (
    select * from {{ ref('base_shop__email_events') }}
    where row_disposition = 'rejected'
),

final as (
    select
        email_event_id,
        rejection_reason,
        rejection_column,
        customer_id,
        event_type,
        cast(occurred_at_raw as {{ dbt.type_string() }}) as occurred_at_raw,
        occurred_at
    from rejected
)

select * from final
