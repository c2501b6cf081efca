{#- Segment nearby_customers (SEGMENTS.md, "Named segments"): customers whose
    great-circle (haversine) distance to the store (store_latitude,
    store_longitude) is at most store_radius_km (50); the profile's
    distance_to_store_km is rounded to 0.1 km. Customers without coordinates
    are not members. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        city,
        postal_code,
        cast(distance_to_store_km as decimal(10, 1)) as distance_to_store_km,
        as_of_date
    from customers
    where distance_to_store_km <= {{ var('store_radius_km') }}
)

select * from final
