{#- Segment birthday_upcoming (SEGMENTS.md, "Named segments"): customers whose
    birthday (month and day; 29 February falls on 28 February in other years)
    is on one of the next birthday_window_days (30) calendar dates, as_of_date
    being the first: days_until_birthday from 0 to 29 (as the profile's
    is_birthday_upcoming, int_customers_enriched). -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        cast(days_until_birthday as {{ dbt.type_int() }}) as days_until_birthday,
        next_birthday_date,
        as_of_date
    from customers
    where days_until_birthday between 0 and {{ var('birthday_window_days') }} - 1
)

select * from final
