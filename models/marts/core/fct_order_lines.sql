{#- One row per line of an order placed on or before as_of_date, for BI. -#}

with

order_lines as (
    select * from {{ ref('int_order_lines_joined_to_products') }}
),

orders as (
    select * from {{ ref('int_orders_valued') }}
),

final as (
    select
        order_lines.order_line_id,
        order_lines.order_id,
        order_lines.customer_id,
        order_lines.product_id,
        order_lines.product_name,
        order_lines.category,
        order_lines.brand,
        orders.channel,
        order_lines.line_number,
        order_lines.quantity,
        order_lines.unit_price,
        order_lines.gross_amount,
        order_lines.discount_amount,
        order_lines.net_line_amount,
        orders.is_valid_order,
        orders.ordered_date,
        orders.ordered_at
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
)

select * from final
