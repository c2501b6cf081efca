{#- Segment hesitant_browsers (SEGMENTS.md, "Named segments"): customers with
    a page view in the last hesitant_lookback_days (7) whose time on page is
    at least dwell_minutes (5) minutes, in a session with no valid order
    (int_page_views_aggregated_to_customers, is_hesitant_browser). The longest
    such view is carried (ties: latest, then page_view_id) for the chatbot
    prompt or the follow-up. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

page_views as (
    select * from {{ ref('int_page_views_aggregated_to_customers') }}
    where is_hesitant_browser
),

final as (
    select
        customers.customer_id,
        case when customers.is_email_suppressed then null else customers.email end as email,
        page_views.hesitant_page_view_id,
        page_views.hesitant_session_id,
        page_views.hesitant_product_id,
        page_views.hesitant_page_path,
        cast(page_views.hesitant_dwell_seconds as {{ dbt.type_int() }}) as hesitant_dwell_seconds,
        page_views.hesitant_viewed_at,
        customers.as_of_date
    from customers
    inner join page_views
        on customers.customer_id = page_views.customer_id
)

select * from final
