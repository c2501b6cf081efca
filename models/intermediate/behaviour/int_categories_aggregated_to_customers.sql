{#- One row per (registered customer, product category) the customer viewed
    or bought in the last long_window_days (365) as of as_of_date, with the
    category affinity (SEGMENTS.md, "interest"):
    - product views: page views of type `product` whose product has a known
      category, in sessions stitched to the customer, viewed in the window
      (counted per session, day and product in
      int_page_views_aggregated_to_session_day_products);
    - units: quantities of the lines of the customer's valid orders placed in
      the window whose product has a known category;
    - view_share / unit_share: the category's part of the customer's product
      views / units with a known category;
    - is_affinity_category: view_share ≥ category_affinity_share (0.4) OR
      unit_share ≥ category_affinity_share (compared as count ≥ share × total,
      so exactly 40 % qualifies). Up to two categories can qualify on each
      measure, so a customer can have several affinity categories;
    - affinity_rank: 1 for the customer's strongest category (highest of its two
      shares, then units, then views, then category name).
    Categories are compared lower case, with each comma (and the blank after
    it) replaced by one blank, so that they can sit in a comma-separated
    interests list (`Home, Garden` -> `home garden`). -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

product_views as (
    select * from {{ ref('int_page_views_aggregated_to_session_day_products') }}
    where viewed_product_id is not null
),

sessions as (
    select * from {{ ref('int_sessions_stitched_to_customers') }}
    where customer_id is not null
),

products as (
    select * from {{ ref('stg_shop__products') }}
    where category is not null
),

order_lines as (
    select * from {{ ref('int_order_lines_joined_to_products') }}
),

orders as (
    select * from {{ ref('int_orders_valued') }}
    where is_valid_order and customer_id is not null
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

product_categories as (
    select
        product_id,
        replace(replace(lower(category), ', ', ' '), ',', ' ') as category
    from products
),

category_views as (
    select
        sessions.customer_id,
        product_categories.category,
        cast(sum(product_views.page_view_count) as {{ dbt.type_bigint() }}) as product_views_long_window,
        0 as units_long_window
    from product_views
    inner join sessions
        on product_views.session_id = sessions.session_id
    inner join product_categories
        on product_views.viewed_product_id = product_categories.product_id
    cross join as_of
    where {{ in_last_n_days('product_views.viewed_date', var('long_window_days'), 'as_of.as_of_date') }}
    group by sessions.customer_id, product_categories.category
),

category_units as (
    select
        orders.customer_id,
        product_categories.category,
        0 as product_views_long_window,
        sum(order_lines.quantity) as units_long_window
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    inner join product_categories
        on order_lines.product_id = product_categories.product_id
    cross join as_of
    where {{ in_last_n_days('orders.ordered_date', var('long_window_days'), 'as_of.as_of_date') }}
    group by orders.customer_id, product_categories.category
),

measures as (
    select * from category_views
    union all
    select * from category_units
),

combined as (
    select
        customer_id,
        category,
        sum(product_views_long_window) as product_views_long_window,
        sum(units_long_window) as units_long_window
    from measures
    group by customer_id, category
),

with_totals as (
    select
        combined.*,
        sum(combined.product_views_long_window) over (partition by combined.customer_id) as customer_product_views,
        sum(combined.units_long_window) over (partition by combined.customer_id) as customer_units
    from combined
    inner join customers
        on combined.customer_id = customers.customer_id
),

shares as (
    select
        customer_id,
        category,
        product_views_long_window,
        units_long_window,
        customer_product_views,
        customer_units,
        case
            when customer_product_views > 0
                then cast(product_views_long_window as {{ type_double() }}) / customer_product_views
        end as view_share,
        case
            when customer_units > 0
                then cast(units_long_window as {{ type_double() }}) / customer_units
        end as unit_share,
        customer_product_views > 0
        and product_views_long_window >= {{ var('category_affinity_share') }} * customer_product_views
            as is_view_affinity,
        customer_units > 0
        and units_long_window >= {{ var('category_affinity_share') }} * customer_units
            as is_unit_affinity
    from with_totals
),

final as (
    select
        customer_id,
        category,
        product_views_long_window,
        units_long_window,
        customer_product_views,
        customer_units,
        view_share,
        unit_share,
        row_number() over (
            partition by customer_id
            order by
                case
                    when coalesce(view_share, 0) >= coalesce(unit_share, 0) then coalesce(view_share, 0)
                    else unit_share
                end desc,
                units_long_window desc,
                product_views_long_window desc,
                category asc
        ) as affinity_rank,
        is_view_affinity,
        is_unit_affinity,
        is_view_affinity or is_unit_affinity as is_affinity_category
    from shares
)

select * from final
