{#- The accounts that exist at as_of_date: registered on or before it. Every
    customer-level model starts from here, so that a later account never
    leaks into a point-in-time build. -#}

with

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

final as (
    select
        customers.*,
        as_of.as_of_date
    from customers
    cross join as_of
    where {{ to_store_date('customers.created_at') }} <= as_of.as_of_date
)

select * from final
