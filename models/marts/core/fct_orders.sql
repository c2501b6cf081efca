{#- One row per order placed on or before as_of_date, for BI: customer
    (after identity matching), validity, net revenue and channel. -#}

with

orders as (
    select * from {{ ref('int_orders_valued') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

final as (
    select
        orders.order_id,
        orders.customer_id,
        orders.session_id,
        orders.visitor_id,
        orders.identity_method,
        orders.status,
        orders.currency_code,
        orders.channel,
        orders.order_attribution_channel,
        orders.shipping_city,
        orders.shipping_country_code,
        orders.line_count,
        orders.units,
        orders.valid_order_number,
        -- Amounts are kept unrounded through the layers; shown here in cents.
        {%- for column in [
            'merchandise_amount', 'line_discount_amount', 'order_discount_amount', 'refunded_amount',
            'shipping_amount', 'tax_amount', 'total_amount'
        ] %}
        cast(round(orders.{{ column }}, 2) as {{ type_money() }}) as {{ column }},
        {%- endfor %}
        orders.net_revenue,
        orders.is_valid_order,
        orders.is_guest_order,
        orders.ordered_date,
        as_of.as_of_date,
        orders.ordered_at
    from orders
    cross join as_of
)

select * from final
