{#- One row per membership of fct_segment_memberships with what the member is
    worth as of as_of_date: the grain the semantic layer measures segments at.

    - net_revenue / valid_orders: the member's LIFETIME figures (every valid
      order up to as_of_date): from dim_customers for a customer; for a visitor
      (visitor segments) the valid guest orders of that visitor_id that belong
      to no customer, from fct_orders.
    - registered_customers / customers_net_revenue: the store's totals over
      dim_customers, repeated on every customer row (null on visitor rows), so
      that a share of customers or of revenue is a ratio of two measures of
      this one table and stays correct under any filter on segment or family.
      Visitor rows carry no total, so their shares are null. -#}

with

memberships as (
    select * from {{ ref('fct_segment_memberships') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

store_totals as (
    select
        count(*) as registered_customers,
        sum(lifetime_net_revenue) as customers_net_revenue
    from customers
),

guest_visitor_orders as (
    select
        visitor_id,
        count(*) as valid_orders,
        sum(net_revenue) as net_revenue
    from orders
    where
        is_valid_order
        and customer_id is null
        and visitor_id is not null
    group by visitor_id
),

member_values as (
    select
        memberships.customer_id,
        memberships.visitor_id,
        memberships.family,
        memberships.segment,
        case
            when memberships.customer_id is not null then coalesce(customers.lifetime_net_revenue, 0)
            else coalesce(guest_visitor_orders.net_revenue, 0)
        end as net_revenue,
        case
            when memberships.customer_id is not null then coalesce(customers.valid_order_count, 0)
            else coalesce(guest_visitor_orders.valid_orders, 0)
        end as valid_orders,
        case
            when memberships.customer_id is not null then store_totals.registered_customers
        end as registered_customers,
        case
            when memberships.customer_id is not null then store_totals.customers_net_revenue
        end as customers_net_revenue,
        memberships.customer_id is not null as is_customer_member,
        memberships.as_of_date
    from memberships
    cross join store_totals
    left join customers
        on memberships.customer_id = customers.customer_id
    left join guest_visitor_orders
        on
            memberships.customer_id is null
            and memberships.visitor_id = guest_visitor_orders.visitor_id
),

final as (
    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(visitor_id as {{ dbt.type_string() }}) as visitor_id,
        cast(family as {{ dbt.type_string() }}) as family,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(net_revenue as {{ type_money() }}) as net_revenue,
        cast(valid_orders as {{ dbt.type_bigint() }}) as valid_orders,
        cast(registered_customers as {{ dbt.type_bigint() }}) as registered_customers,
        cast(customers_net_revenue as {{ type_money() }}) as customers_net_revenue,
        is_customer_member,
        cast(as_of_date as date) as as_of_date
    from member_values
)

select * from final
