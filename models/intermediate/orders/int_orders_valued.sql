{#- Orders placed on or before as_of_date with their customer, validity, net
    revenue and channel (SEGMENTS.md, "Shared definitions"):
    - valid order: status placed, completed or partially_refunded;
    - net revenue: Σ lines quantity × unit_price − line discounts − order
      discount − refunded_amount, in the reporting currency; shipping and tax
      excluded. An order without lines falls back on its subtotal_amount;
    - channel: the channel of the session that placed it, else the order's
      own attribution (no attribution at all maps to Direct). -#}

with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

matched as (
    select * from {{ ref('int_orders_matched_to_customers') }}
),

-- The staged lines, not int_order_lines_joined_to_products: the totals need
-- neither the product nor the line's customer (the join to `matched` below
-- keeps the orders placed by as_of_date), and each extra join would keep one
-- more hash table of every order in memory at once (docs/performance.md, "L").
order_lines as (
    select * from {{ ref('stg_shop__order_items') }}
),

sessions as (
    select * from {{ ref('int_sessions_stitched_to_customers') }}
),

line_totals as (
    select
        order_id,
        count(*) as line_count,
        cast(sum(quantity) as {{ dbt.type_bigint() }}) as units,
        -- Unrounded: the net revenue is rounded once, as a whole.
        sum(quantity * unit_price) as lines_gross_amount,
        sum(discount_amount) as lines_discount_amount
    from order_lines
    group by order_id
),

valued as (
    select
        orders.order_id,
        matched.customer_id,
        orders.session_id,
        orders.email,
        matched.identity_method,
        orders.status,
        orders.currency_code,
        coalesce(sessions.channel, orders.channel) as channel,
        orders.channel as order_attribution_channel,
        sessions.visitor_id,
        orders.shipping_city,
        orders.shipping_country_code,
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(line_totals.units, 0) as units,
        -- Not rounded to cents, like every part of net revenue: that would
        -- round net revenue twice (fct_orders shows them in cents). Six
        -- places keep one scale on every engine; 38 digits, as the sum has,
        -- because each line fits type_precise_money (staging rejects the
        -- others, amount_out_of_range) but their sum need not: a cast back to
        -- 18 digits stopped the build.
        cast(coalesce(line_totals.lines_gross_amount, orders.subtotal_amount) as decimal(38, 6))
            as merchandise_amount,
        cast(coalesce(line_totals.lines_discount_amount, 0) as decimal(38, 6)) as line_discount_amount,
        coalesce(orders.discount_amount, 0) as order_discount_amount,
        coalesce(orders.refunded_amount, 0) as refunded_amount,
        orders.shipping_amount,
        orders.tax_amount,
        orders.total_amount,
        orders.status in ('placed', 'completed', 'partially_refunded') as is_valid_order,
        matched.customer_id is null as is_guest_order,
        orders.ordered_date,
        orders.ordered_at
    from orders
    inner join matched
        on orders.order_id = matched.order_id
    left join line_totals
        on orders.order_id = line_totals.order_id
    left join sessions
        on orders.session_id = sessions.session_id
),

final as (
    select
        *,
        -- Rounded once, from the unrounded parts (SEGMENTS.md, "net revenue").
        cast(
            round(merchandise_amount - line_discount_amount - order_discount_amount - refunded_amount, 2)
            as {{ type_money() }}
        ) as net_revenue,
        -- bigint on every engine (Spark's row_number() is an int).
        cast(
            case
                when is_valid_order and customer_id is not null
                    then row_number() over (
                        partition by customer_id, is_valid_order
                        order by ordered_at, order_id
                    )
            end as {{ dbt.type_bigint() }}
        ) as valid_order_number
    from valued
)

select * from final
