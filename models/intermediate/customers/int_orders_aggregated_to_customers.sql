{#- One row per customer with at least one order on or before as_of_date:
    the order figures every segment reads. Frequency and monetary count
    valid orders only (SEGMENTS.md, "valid order", "net revenue"). -#}

with

orders as (
    select * from {{ ref('int_orders_valued') }}
    where customer_id is not null
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

windowed as (
    select
        orders.customer_id,
        orders.status,
        orders.identity_method,
        orders.is_valid_order,
        orders.net_revenue,
        orders.ordered_date,
        as_of.as_of_date,
        {{ in_last_n_days(
            'orders.ordered_date', var('recent_window_days'), 'as_of.as_of_date'
        ) }} as is_in_recent_window,
        {{ in_last_n_days(
            'orders.ordered_date', var('engagement_window_days'), 'as_of.as_of_date'
        ) }} as is_in_engagement_window,
        {{ in_last_n_days(
            'orders.ordered_date', var('long_window_days'), 'as_of.as_of_date'
        ) }} as is_in_long_window
    from orders
    cross join as_of
),

aggregated as (
    select
        customer_id,
        as_of_date,
        count(*) as order_count,
        sum(case when is_valid_order then 1 else 0 end) as valid_order_count,
        sum(case when status = 'cancelled' then 1 else 0 end) as cancelled_order_count,
        sum(case when status in ('refunded', 'partially_refunded') then 1 else 0 end) as refunded_order_count,
        sum(case when identity_method = 'email_match' then 1 else 0 end) as email_matched_order_count,
        sum(case when is_valid_order and is_in_recent_window then 1 else 0 end) as valid_orders_recent_window,
        sum(case when is_valid_order and is_in_engagement_window then 1 else 0 end) as valid_orders_engagement_window,
        sum(case when is_valid_order and is_in_long_window then 1 else 0 end) as valid_orders_long_window,
        sum(case when is_valid_order then net_revenue else 0 end) as lifetime_net_revenue,
        sum(case when is_valid_order and is_in_long_window then net_revenue else 0 end) as net_revenue_long_window,
        max(case when is_valid_order and is_in_long_window then net_revenue end)
            as largest_order_net_revenue_long_window,
        min(case when is_valid_order then ordered_date end) as first_valid_order_date,
        max(case when is_valid_order then ordered_date end) as last_valid_order_date,
        min(ordered_date) as first_order_date,
        max(ordered_date) as last_order_date
    from windowed
    group by customer_id, as_of_date
),

final as (
    select
        customer_id,
        order_count,
        valid_order_count,
        cancelled_order_count,
        refunded_order_count,
        email_matched_order_count,
        valid_orders_recent_window,
        valid_orders_engagement_window,
        valid_orders_long_window,
        {{ dbt.datediff('last_valid_order_date', 'as_of_date', 'day') }} as days_since_last_valid_order,  -- noqa: LT05
        {{ dbt.datediff('first_valid_order_date', 'as_of_date', 'day') }} as days_since_first_valid_order,  -- noqa: LT05
        cast(lifetime_net_revenue as {{ type_money() }}) as lifetime_net_revenue,
        cast(net_revenue_long_window as {{ type_money() }}) as net_revenue_long_window,
        cast(largest_order_net_revenue_long_window as {{ type_money() }}) as largest_order_net_revenue_long_window,
        {{ divide_money('lifetime_net_revenue', 'valid_order_count') }} as average_order_value,
        first_valid_order_date,
        last_valid_order_date,
        first_order_date,
        last_order_date
    from aggregated
)

select * from final
