{#- One row per registered customer with the page views of the sessions
    stitched to them, as of as_of_date (a page view counts when its session
    started on or before as_of_date and it was viewed on or before it). The
    page views are read per session, day and viewed product from
    int_page_views_aggregated_to_session_day_products, never row by row.
    - Hesitant browsing (segment hesitant_browsers): a page view viewed in the
      last hesitant_lookback_days (7) with time_on_page_seconds ≥
      dwell_minutes (5) × 60, in a session that has no valid order (no valid
      order of int_orders_valued carries its session_id). The qualifying view
      kept is the longest one (ties: latest viewed_at, then page_view_id):
      the longest of the groups' dwell views, in that same order.
    - longest_dwell_seconds_hesitant_window: the longest time on any page
      viewed in that window, whether its session has an order or not.
    - Product views: page views of type `product` with a product_id (the
      groups with a viewed_product_id). -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

session_page_views as (
    select * from {{ ref('int_page_views_aggregated_to_session_day_products') }}
),

sessions as (
    select * from {{ ref('int_sessions_stitched_to_customers') }}
    where customer_id is not null
),

orders as (
    select * from {{ ref('int_orders_valued') }}
    where is_valid_order and session_id is not null
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

ordering_sessions as (
    select distinct session_id
    from orders
),

customer_page_views as (
    select
        sessions.customer_id,
        session_page_views.session_id,
        session_page_views.viewed_product_id,
        session_page_views.page_view_count,
        session_page_views.longest_time_on_page_seconds,
        session_page_views.last_viewed_at,
        session_page_views.dwell_page_view_id,
        session_page_views.dwell_product_id,
        session_page_views.dwell_page_path,
        session_page_views.dwell_viewed_at,
        ordering_sessions.session_id is not null as is_in_ordering_session,
        {{ in_last_n_days(
            'session_page_views.viewed_date', var('hesitant_lookback_days'), 'as_of.as_of_date'
        ) }} as is_in_hesitant_window,
        {{ in_last_n_days(
            'session_page_views.viewed_date', var('long_window_days'), 'as_of.as_of_date'
        ) }} as is_in_long_window
    from session_page_views
    inner join sessions
        on session_page_views.session_id = sessions.session_id
    cross join as_of
    left join ordering_sessions
        on session_page_views.session_id = ordering_sessions.session_id
    where session_page_views.viewed_date <= as_of.as_of_date
),

page_view_counts as (
    select
        customer_id,
        cast(sum(page_view_count) as {{ dbt.type_bigint() }}) as page_view_count,
        cast(sum(case when is_in_long_window then page_view_count else 0 end) as {{ dbt.type_bigint() }})
            as page_views_long_window,
        cast(sum(
            case when is_in_long_window and viewed_product_id is not null then page_view_count else 0 end
        ) as {{ dbt.type_bigint() }}) as product_views_long_window,
        cast(sum(case when is_in_hesitant_window then page_view_count else 0 end) as {{ dbt.type_bigint() }})
            as page_views_hesitant_window,
        max(case when is_in_hesitant_window then longest_time_on_page_seconds end)
            as longest_dwell_seconds_hesitant_window,
        max(last_viewed_at) as last_page_view_at
    from customer_page_views
    group by customer_id
),

hesitant_views as (
    select
        customer_id,
        dwell_page_view_id as page_view_id,
        session_id,
        dwell_product_id as product_id,
        dwell_page_path as page_path,
        longest_time_on_page_seconds as time_on_page_seconds,
        dwell_viewed_at as viewed_at,
        row_number() over (
            partition by customer_id
            order by longest_time_on_page_seconds desc, dwell_viewed_at desc, dwell_page_view_id asc
        ) as dwell_rank
    from customer_page_views
    where
        is_in_hesitant_window
        and not is_in_ordering_session
        and dwell_page_view_id is not null
),

final as (
    select
        customers.customer_id,
        hesitant_views.page_view_id as hesitant_page_view_id,
        hesitant_views.session_id as hesitant_session_id,
        hesitant_views.product_id as hesitant_product_id,
        hesitant_views.page_path as hesitant_page_path,
        coalesce(page_view_counts.page_view_count, 0) as page_view_count,
        coalesce(page_view_counts.page_views_long_window, 0) as page_views_long_window,
        coalesce(page_view_counts.product_views_long_window, 0) as product_views_long_window,
        coalesce(page_view_counts.page_views_hesitant_window, 0) as page_views_hesitant_window,
        page_view_counts.longest_dwell_seconds_hesitant_window,
        hesitant_views.time_on_page_seconds as hesitant_dwell_seconds,
        hesitant_views.page_view_id is not null as is_hesitant_browser,
        hesitant_views.viewed_at as hesitant_viewed_at,
        page_view_counts.last_page_view_at
    from customers
    left join page_view_counts
        on customers.customer_id = page_view_counts.customer_id
    left join hesitant_views
        on
            customers.customer_id = hesitant_views.customer_id
            and hesitant_views.dwell_rank = 1
)

select * from final
