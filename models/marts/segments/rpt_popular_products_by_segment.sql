{#- The most popular products of every segment (SEGMENTS.md, "Outputs BI and
    CI rely on"): for each (family, segment) of fct_segment_memberships, the
    top var popular_products_top_n products by units bought by its members in
    valid orders of the last var popular_products_window_days days up to
    as_of_date. Ties: higher net revenue first, then product_id. A customer
    member's orders are the valid orders whose customer_id is theirs; a
    visitor member's (anonymous_visitors) are the guest orders of their
    visitor_id. units = sum of line quantities, revenue = sum of net line
    amounts (quantity x unit_price - line discount; order-level discounts and
    refunds are not spread over lines), buyers = distinct members who bought
    the product. SEGMENTS.md calls it a view; it is a table, computed once
    per build, like every other mart BI reads. -#}

{%- set top_n = var('popular_products_top_n') | int -%}
{%- set window_days = var('popular_products_window_days') | int -%}
{%- if top_n < 1 or window_days < 1 -%}
    {{ exceptions.raise_compiler_error(
        "vars popular_products_top_n and popular_products_window_days must be positive integers; got "
        ~ top_n ~ " and " ~ window_days) }}
{%- endif %}

with

memberships as (
    select * from {{ ref('fct_segment_memberships') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

window_orders as (
    select
        orders.order_id,
        orders.customer_id,
        orders.visitor_id
    from orders
    cross join as_of
    where
        orders.is_valid_order
        and {{ in_last_n_days('orders.ordered_date', window_days, 'as_of.as_of_date') }}
),

window_lines as (
    select
        window_orders.customer_id,
        window_orders.visitor_id,
        order_lines.product_id,
        order_lines.product_name,
        order_lines.category,
        order_lines.quantity,
        order_lines.net_line_amount
    from order_lines
    inner join window_orders
        on order_lines.order_id = window_orders.order_id
),

-- One row per buyer and product before the fan-out to segments: a customer
-- is in many segments, so joining lines to memberships first would copy
-- every line once per segment. A guest buyer is its visitor_id.
buyer_products as (
    select
        customer_id,
        case when customer_id is null then visitor_id end as guest_visitor_id,
        product_id,
        max(product_name) as product_name,
        max(category) as category,
        sum(quantity) as units,
        sum(net_line_amount) as revenue
    from window_lines
    group by
        customer_id,
        case when customer_id is null then visitor_id end,
        product_id
),

customer_member_products as (
    select
        memberships.family,
        memberships.segment,
        buyer_products.product_id,
        buyer_products.product_name,
        buyer_products.category,
        buyer_products.units,
        buyer_products.revenue
    from memberships
    inner join buyer_products
        on memberships.customer_id = buyer_products.customer_id
    where memberships.customer_id is not null
),

visitor_member_products as (
    select
        memberships.family,
        memberships.segment,
        buyer_products.product_id,
        buyer_products.product_name,
        buyer_products.category,
        buyer_products.units,
        buyer_products.revenue
    from memberships
    inner join buyer_products
        on memberships.visitor_id = buyer_products.guest_visitor_id
    where memberships.customer_id is null
),

member_products as (
    select * from customer_member_products
    union all
    select * from visitor_member_products
),

-- A member appears once per (family, segment) in fct_segment_memberships,
-- so each row of member_products is one buyer of the product.
product_figures as (
    select
        family,
        segment,
        product_id,
        max(product_name) as product_name,
        max(category) as category,
        sum(units) as units,
        sum(revenue) as revenue,
        count(*) as buyers
    from member_products
    group by family, segment, product_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by family, segment
            order by units desc, revenue desc, product_id asc
        ) as product_rank
    from product_figures
),

final as (
    select
        cast(ranked.family as {{ dbt.type_string() }}) as family,
        cast(ranked.segment as {{ dbt.type_string() }}) as segment,
        cast(ranked.product_rank as {{ dbt.type_int() }}) as product_rank,
        cast(ranked.product_id as {{ dbt.type_string() }}) as product_id,
        cast(ranked.product_name as {{ dbt.type_string() }}) as product_name,
        cast(ranked.category as {{ dbt.type_string() }}) as category,
        cast(ranked.units as {{ dbt.type_bigint() }}) as units,
        cast(ranked.revenue as {{ type_money() }}) as revenue,
        cast(ranked.buyers as {{ dbt.type_bigint() }}) as buyers,
        as_of.as_of_date
    from ranked
    cross join as_of
    where ranked.product_rank <= {{ top_n }}
)

select * from final
