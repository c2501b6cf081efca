{#- Segment big_spenders (SEGMENTS.md, "Named segments"): customers with a
    valid order in the last big_cart_window_days (365) whose net revenue is at
    least the big-cart threshold:
    - var big_cart_threshold when set (threshold_method `var`);
    - else (`percentile`) the big_cart_percentile (0.9) continuous percentile
      (percentile_cont, interpolated) of the net revenue of ALL valid orders
      of that window, guest orders included, rounded to 6 decimals to drop
      float noise.
    The largest qualifying order is carried (ties: latest ordered_at, then
    order_id). -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
    where is_valid_order
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

window_orders as (
    select
        orders.order_id,
        orders.customer_id,
        orders.net_revenue,
        orders.ordered_date,
        orders.ordered_at
    from orders
    cross join as_of
    where {{ in_last_n_days('orders.ordered_date', var('big_cart_window_days'), 'as_of.as_of_date') }}
),

threshold as (
    {%- if var('big_cart_threshold') is none %}
    select
        'percentile' as threshold_method,
        cast({{ percentile_cont(var('big_cart_percentile'), 'net_revenue') }} as decimal(18, 6))
            as big_cart_threshold
    from window_orders
    {%- else %}
    select
        'var' as threshold_method,
        cast({{ var('big_cart_threshold') }} as decimal(18, 6)) as big_cart_threshold
    {%- endif %}
),

qualifying_orders as (
    select
        window_orders.*,
        threshold.threshold_method,
        threshold.big_cart_threshold,
        count(*) over (partition by window_orders.customer_id) as qualifying_order_count,
        row_number() over (
            partition by window_orders.customer_id
            order by window_orders.net_revenue desc, window_orders.ordered_at desc, window_orders.order_id asc
        ) as size_rank
    from window_orders
    cross join threshold
    where
        window_orders.customer_id is not null
        and window_orders.net_revenue >= threshold.big_cart_threshold
),

final as (
    select
        qualifying_orders.customer_id,
        case when customers.is_email_suppressed then null else customers.email end as email,
        qualifying_orders.order_id as largest_qualifying_order_id,
        qualifying_orders.threshold_method,
        qualifying_orders.big_cart_threshold,
        cast(qualifying_orders.qualifying_order_count as {{ dbt.type_bigint() }}) as qualifying_order_count,
        cast(qualifying_orders.net_revenue as {{ type_money() }}) as largest_qualifying_order_net_revenue,
        qualifying_orders.ordered_date as largest_qualifying_order_date,
        as_of.as_of_date
    from qualifying_orders
    inner join customers
        on qualifying_orders.customer_id = customers.customer_id
    cross join as_of
    where qualifying_orders.size_rank = 1
)

select * from final
