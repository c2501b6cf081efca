{#- One row per normalised email of the registered accounts, with the account
    it identifies. Rule for the ambiguity: an email shared by several accounts
    identifies none of them (customer_id null), so a guest order with that
    email stays a guest order rather than being given to the wrong person. -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
    where email is not null
),

final as (
    select
        email,
        case when count(*) = 1 then min(customer_id) end as customer_id,
        count(*) as account_count
    from customers
    group by email
)

select * from final
