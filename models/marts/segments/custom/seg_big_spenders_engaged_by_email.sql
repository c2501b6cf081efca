{#- Custom segment big_spenders_engaged_by_email, GENERATED from
    segments/custom/big_spenders_engaged_by_email.yml
    by `python -m shopseg.segments compile` (make segments-compile). Do not
    edit: edit the .yml file and compile again. Its query, description and
    recommended action are in _custom__models.yml (meta.segment). -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

seg_email_engaged as (
    select * from {{ ref('seg_email_engaged') }}
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
        coalesce(customers.lifetime_net_revenue > 500, false)
        and exists (
            select 1
            from seg_email_engaged as segment_members
            where segment_members.customer_id = customers.customer_id
        )
)

select * from final
