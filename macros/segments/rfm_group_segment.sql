{#- The body of a named segment that is one RFM group of the profile
    (champions, loyal, at_risk, cant_lose_them, hibernating): the members
    with the scores and figures behind their group. Email is hidden for
    suppressed customers, as in every segment mart. -#}
{% macro rfm_group_segment(rfm_group) -%}
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
    where rfm_group = '{{ rfm_group }}'
)

select * from final
{%- endmacro %}
