{#- Segment email_engaged (SEGMENTS.md, "Named segments"): customers who
    opened or clicked an email in the last email_engaged_days (90) (profile
    is_email_engaged, int_email_events_aggregated_to_customers). An engaged
    customer may since have been suppressed: their email is then null. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        cast(email_opens_engaged_window as {{ dbt.type_bigint() }}) as email_opens_engaged_window,
        cast(email_clicks_engaged_window as {{ dbt.type_bigint() }}) as email_clicks_engaged_window,
        cast(days_since_last_email_engagement as {{ dbt.type_bigint() }}) as days_since_last_email_engagement,
        is_email_suppressed,
        last_email_engagement_date,
        as_of_date
    from customers
    where is_email_engaged
)

select * from final
