{#- Segment cant_lose_them (SEGMENTS.md, "RFM"): customers whose RFM group in the
    profile (dim_customers.rfm_group, int_customers_scored_rfm) is
    `cant_lose_them` — R 1–2 and F 5: among the most frequent buyers, not for a long time. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        rfm_code,
        cast(recency_score as {{ dbt.type_int() }}) as recency_score,
        cast(frequency_score as {{ dbt.type_int() }}) as frequency_score,
        cast(monetary_score as {{ dbt.type_int() }}) as monetary_score,
        cast(days_since_last_valid_order as {{ dbt.type_bigint() }}) as days_since_last_valid_order,
        cast(valid_order_count as {{ dbt.type_bigint() }}) as valid_order_count,
        cast(lifetime_net_revenue as {{ type_money() }}) as lifetime_net_revenue,
        last_valid_order_date,
        as_of_date
    from customers
    where rfm_group = 'cant_lose_them'
)

select * from final
