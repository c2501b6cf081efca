{#- The wide customer profile: one row per account registered on or before
    as_of_date (the rows of int_customers_enriched, which carries the account
    and its descriptive attributes), with every figure the segments are made
    of (SEGMENTS.md, "Segment families"). BI tools and the segment marts read
    it. -#}

with

customers as (
    select * from {{ ref('int_customers_enriched') }}
),

order_figures as (
    select * from {{ ref('int_orders_aggregated_to_customers') }}
),

rfm as (
    select * from {{ ref('int_customers_scored_rfm') }}
),

acquisition as (
    select * from {{ ref('int_customers_acquired_by_channel') }}
),

sessions as (
    select * from {{ ref('int_sessions_aggregated_to_customers') }}
),

page_views as (
    select * from {{ ref('int_page_views_aggregated_to_customers') }}
),

checkouts as (
    select * from {{ ref('int_checkouts_aggregated_to_customers') }}
),

email as (
    select * from {{ ref('int_email_events_aggregated_to_customers') }}
),

interests as (
    select * from {{ ref('int_interests_aggregated_to_customers') }}
),

engagement as (
    select * from {{ ref('int_customers_scored_engagement') }}
),

final as (
    select
        customers.customer_id,
        customers.company_id,
        customers.email,
        customers.first_name,
        customers.last_name,
        customers.email_domain,
        customers.gender,
        customers.age_band,
        customers.language_code,
        customers.city,
        customers.postal_code,
        customers.country_code,
        customers.country_name,
        customers.region,
        customers.continent,
        customers.income_band,
        customers.account_status,
        customers.email_marketing_consent,
        customers.created_by_app,
        customers.tags,
        interests.interests,
        interests.declared_interests,
        interests.top_affinity_category,
        customers.industry,
        customers.company_size_band,
        coalesce(rfm.rfm_group, 'prospects') as rfm_group,
        rfm.rfm_code,
        {{ recency_bucket('order_figures.days_since_last_valid_order') }} as recency_bucket,
        acquisition.acquisition_channel,
        acquisition.acquisition_source,
        sessions.primary_device_type,
        sessions.primary_os,
        sessions.primary_browser,
        engagement.engagement_level,
        checkouts.latest_abandoned_checkout_id,
        page_views.hesitant_product_id,
        page_views.hesitant_page_path,
        customers.age_years,
        customers.days_until_birthday,
        customers.employee_count,
        customers.latitude,
        customers.longitude,
        customers.distance_to_store_km,
        cast(coalesce(order_figures.order_count, 0) as {{ dbt.type_int() }}) as order_count,
        cast(coalesce(order_figures.valid_order_count, 0) as {{ dbt.type_int() }})
            as valid_order_count,
        cast(coalesce(order_figures.cancelled_order_count, 0) as {{ dbt.type_int() }})
            as cancelled_order_count,
        cast(coalesce(order_figures.refunded_order_count, 0) as {{ dbt.type_int() }})
            as refunded_order_count,
        cast(coalesce(order_figures.valid_orders_recent_window, 0) as {{ dbt.type_int() }})
            as valid_orders_recent_window,
        cast(coalesce(order_figures.valid_orders_engagement_window, 0) as {{ dbt.type_int() }})
            as valid_orders_engagement_window,
        cast(coalesce(order_figures.valid_orders_long_window, 0) as {{ dbt.type_int() }})
            as valid_orders_long_window,
        cast(order_figures.days_since_last_valid_order as {{ dbt.type_int() }})
            as days_since_last_valid_order,
        cast(order_figures.days_since_first_valid_order as {{ dbt.type_int() }})
            as days_since_first_valid_order,
        cast(coalesce(order_figures.lifetime_net_revenue, 0) as {{ type_money() }}) as lifetime_net_revenue,
        cast(coalesce(order_figures.net_revenue_long_window, 0) as {{ type_money() }}) as net_revenue_long_window,
        order_figures.largest_order_net_revenue_long_window,
        order_figures.average_order_value,
        rfm.recency_score,
        rfm.frequency_score,
        rfm.monetary_score,
        cast(coalesce(sessions.session_count, 0) as {{ dbt.type_int() }}) as session_count,
        cast(coalesce(sessions.sessions_recent_window, 0) as {{ dbt.type_int() }})
            as sessions_recent_window,
        cast(coalesce(sessions.sessions_engagement_window, 0) as {{ dbt.type_int() }})
            as sessions_engagement_window,
        cast(coalesce(sessions.sessions_long_window, 0) as {{ dbt.type_int() }})
            as sessions_long_window,
        cast(coalesce(sessions.sessions_frequent_visit_window, 0) as {{ dbt.type_int() }})
            as sessions_frequent_visit_window,
        cast(coalesce(sessions.ordering_sessions_frequent_visit_window, 0) as {{ dbt.type_int() }})
            as ordering_sessions_frequent_visit_window,
        cast(sessions.days_since_last_session as {{ dbt.type_int() }}) as days_since_last_session,
        cast(coalesce(page_views.product_views_long_window, 0) as {{ dbt.type_int() }})
            as product_views_long_window,
        page_views.longest_dwell_seconds_hesitant_window,
        cast(coalesce(checkouts.abandoned_checkout_count, 0) as {{ dbt.type_int() }})
            as abandoned_checkout_count,
        checkouts.latest_abandoned_cart_amount,
        cast(coalesce(email.opens_engaged_window, 0) as {{ dbt.type_int() }})
            as email_opens_engaged_window,
        cast(coalesce(email.clicks_engaged_window, 0) as {{ dbt.type_int() }})
            as email_clicks_engaged_window,
        cast(email.days_since_last_email_engagement as {{ dbt.type_int() }})
            as days_since_last_email_engagement,
        coalesce(order_figures.valid_order_count, 0) > 0 as has_ordered,
        coalesce(order_figures.valid_order_count, 0) >= 2 as is_repeat_customer,
        customers.is_b2b,
        customers.is_birthday_upcoming,
        customers.is_within_store_radius,
        coalesce(sessions.is_frequent_visitor_not_buying, false) as is_frequent_visitor_not_buying,
        coalesce(page_views.is_hesitant_browser, false) as is_hesitant_browser,
        coalesce(checkouts.has_abandoned_checkout, false) as has_abandoned_checkout,
        coalesce(email.is_email_engaged, false) as is_email_engaged,
        coalesce(email.is_email_suppressed, true) as is_email_suppressed,
        coalesce(email.has_unsubscribed, false) as has_unsubscribed,
        coalesce(email.has_bounced, false) as has_bounced,
        coalesce(email.has_marked_as_spam, false) as has_marked_as_spam,
        customers.birth_date,
        customers.next_birthday_date,
        order_figures.first_valid_order_date,
        order_figures.last_valid_order_date,
        sessions.first_session_date,
        sessions.last_session_date,
        email.last_email_engagement_date,
        customers.as_of_date,
        customers.created_at,
        checkouts.latest_abandoned_checkout_at,
        sessions.last_session_at
    from customers
    left join order_figures
        on customers.customer_id = order_figures.customer_id
    left join rfm
        on customers.customer_id = rfm.customer_id
    left join acquisition
        on customers.customer_id = acquisition.customer_id
    left join sessions
        on customers.customer_id = sessions.customer_id
    left join page_views
        on customers.customer_id = page_views.customer_id
    left join checkouts
        on customers.customer_id = checkouts.customer_id
    left join email
        on customers.customer_id = email.customer_id
    left join interests
        on customers.customer_id = interests.customer_id
    left join engagement
        on customers.customer_id = engagement.customer_id
)

select * from final
