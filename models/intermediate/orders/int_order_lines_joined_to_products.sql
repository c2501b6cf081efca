{#- Lines of the orders placed on or before as_of_date, with their product
    and line amounts in the reporting currency, rounded to cents. The order's
    net revenue (int_orders_valued) sums the staged lines unrounded instead. -#}

with

order_lines as (
    select * from {{ ref('stg_shop__order_items') }}
),

orders as (
    select * from {{ ref('int_orders_matched_to_customers') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

final as (
    select
        order_lines.order_line_id,
        order_lines.order_id,
        orders.customer_id,
        order_lines.product_id,
        products.product_name,
        products.category,
        products.brand,
        order_lines.line_number,
        order_lines.quantity,
        order_lines.unit_price,
        -- Unit prices and discounts keep six decimals; the line amounts are
        -- final amounts, rounded to cents once (1,000 × 0.001 = 1.00).
        cast(round(order_lines.quantity * order_lines.unit_price, 2) as {{ type_money() }}) as gross_amount,
        cast(round(order_lines.discount_amount, 2) as {{ type_money() }}) as discount_amount,
        cast(
            round(order_lines.quantity * order_lines.unit_price - order_lines.discount_amount, 2)
            as {{ type_money() }}
        ) as net_line_amount
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    left join products
        on order_lines.product_id = products.product_id
)

select * from final
