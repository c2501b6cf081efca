{#- Segment top_customers_pareto (SEGMENTS.md, "Named segments"): the
    smallest set of customers whose net revenue in the last
    pareto_window_days (365) reaches pareto_share (0.8) of all customers'
    net revenue in that window. Customers are ranked by that revenue,
    highest first, ties by customer_id; a customer is in the set when the
    customers ranked before them have not yet reached the share (so the
    customer who reaches it exactly is in, the next one is not). Guest orders
    are not customers' revenue. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
    where is_valid_order and customer_id is not null
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

customer_revenue as (
    select
        orders.customer_id,
        count(*) as valid_orders_pareto_window,
        sum(orders.net_revenue) as net_revenue_pareto_window
    from orders
    cross join as_of
    where {{ in_last_n_days('orders.ordered_date', var('pareto_window_days'), 'as_of.as_of_date') }}
    group by orders.customer_id
),

ranked as (
    select
        customer_revenue.customer_id,
        customers.email,
        customers.is_email_suppressed,
        customer_revenue.valid_orders_pareto_window,
        customer_revenue.net_revenue_pareto_window,
        row_number() over (
            order by customer_revenue.net_revenue_pareto_window desc, customer_revenue.customer_id asc
        ) as pareto_rank,
        sum(customer_revenue.net_revenue_pareto_window) over (
            order by customer_revenue.net_revenue_pareto_window desc, customer_revenue.customer_id asc
            rows between unbounded preceding and current row
        ) as cumulative_net_revenue,
        sum(customer_revenue.net_revenue_pareto_window) over () as total_net_revenue
    from customer_revenue
    inner join customers
        on customer_revenue.customer_id = customers.customer_id
),

final as (
    select
        ranked.customer_id,
        case when ranked.is_email_suppressed then null else ranked.email end as email,
        cast(ranked.pareto_rank as {{ dbt.type_bigint() }}) as pareto_rank,
        cast(ranked.valid_orders_pareto_window as {{ dbt.type_bigint() }}) as valid_orders_pareto_window,
        cast(ranked.net_revenue_pareto_window as {{ type_money() }}) as net_revenue_pareto_window,
        cast(ranked.cumulative_net_revenue as {{ type_money() }}) as cumulative_net_revenue,
        cast(ranked.total_net_revenue as {{ type_money() }}) as total_net_revenue,
        cast(ranked.cumulative_net_revenue as {{ type_double() }}) / nullif(ranked.total_net_revenue, 0)
            as cumulative_share,
        as_of.as_of_date
    from ranked
    cross join as_of
    where
        ranked.cumulative_net_revenue - ranked.net_revenue_pareto_window
        < {{ var('pareto_share') }} * ranked.total_net_revenue
)

select * from final
