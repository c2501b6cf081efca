{#- Custom segment recent_buyers_in_france, GENERATED from
    segments/custom/recent_buyers_in_france.yml
    by `python -m shopseg.segments compile` (make segments-compile). Do not
    edit: edit the .yml file and compile again. Its query, description and
    recommended action are in _custom__models.yml (meta.segment). -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customers.customer_id,
        case when customers.is_email_suppressed then null else customers.email end as email,
        customers.first_name,
        customers.last_name,
        customers.language_code,
        customers.city,
        customers.country_code,
        customers.rfm_group,
        customers.recency_bucket,
        customers.engagement_level,
        customers.valid_order_count,
        customers.lifetime_net_revenue,
        customers.is_email_suppressed,
        customers.last_valid_order_date,
        customers.as_of_date
    from customers
    where
        coalesce(
            customers.last_valid_order_date
            > cast({{ dbt.dateadd('day', -30, 'customers.as_of_date') }} as date),
            false
        )
        and coalesce(upper(customers.country_code) = 'FR', false)
)

select * from final
