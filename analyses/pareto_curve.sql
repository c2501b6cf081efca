{#- The Pareto curve behind segment top_customers_pareto: customers ranked by
    net revenue of their valid orders in the last var pareto_window_days days
    (descending, ties by customer_id), grouped into percentiles of customers,
    with the cumulative share of revenue each percentile reaches. The first
    percentile whose cumulative share reaches var pareto_share is flagged.
    Compile with `dbt compile --select pareto_curve` and run the SQL from
    target/compiled/ in any client. -#}

with

orders as (
    select * from {{ ref('fct_orders') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

customer_revenue as (
    select
        orders.customer_id,
        sum(orders.net_revenue) as net_revenue
    from orders
    cross join as_of
    where
        orders.is_valid_order
        and orders.customer_id is not null
        and {{ in_last_n_days('orders.ordered_date', var('pareto_window_days'), 'as_of.as_of_date') }}
    group by orders.customer_id
),

ranked as (
    select
        customer_id,
        net_revenue,
        row_number() over (order by net_revenue desc, customer_id asc) as revenue_rank,
        count(*) over () as customer_count,
        sum(net_revenue) over (
            order by net_revenue desc, customer_id asc
            rows between unbounded preceding and current row
        ) as cumulative_revenue,
        sum(net_revenue) over () as total_revenue
    from customer_revenue
),

percentiles as (
    select
        cast(ceiling(100.0 * revenue_rank / customer_count) as {{ dbt.type_int() }}) as customer_percentile,
        count(*) as customers,
        sum(net_revenue) as net_revenue,
        max(revenue_rank) as last_revenue_rank,
        max(customer_count) as customer_count,
        max(cumulative_revenue) as cumulative_revenue,
        max(total_revenue) as total_revenue
    from ranked
    group by cast(ceiling(100.0 * revenue_rank / customer_count) as {{ dbt.type_int() }})
),

final as (
    select
        customer_percentile,
        customers,
        net_revenue,
        1.0 * last_revenue_rank / customer_count as cumulative_share_of_customers,
        case when total_revenue <> 0 then 1.0 * cumulative_revenue / total_revenue end
            as cumulative_share_of_revenue,
        total_revenue <> 0 and 1.0 * cumulative_revenue / total_revenue >= {{ var('pareto_share') }}
            as reaches_pareto_share
    from percentiles
)

select * from final
order by customer_percentile
