{#- Segment registered_never_ordered (SEGMENTS.md, "Named segments"):
    accounts registered on or before as_of_date with no valid order ever
    (cancelled or fully refunded orders do not make a customer). -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

never_ordered as (
    select
        *,
        {{ to_store_date('created_at') }} as registered_date
    from customers
    where valid_order_count = 0
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        account_status,
        cast(order_count as {{ dbt.type_bigint() }}) as order_count,
        cast(session_count as {{ dbt.type_bigint() }}) as session_count,
        cast(
            {{ dbt.datediff('registered_date', 'as_of_date', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_since_registration,
        created_at,
        as_of_date
    from never_ordered
)

select * from final
