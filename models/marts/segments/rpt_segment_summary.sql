{#- One row per segment (family, segment) of fct_segment_memberships, as of
    as_of_date: its size and value (SEGMENTS.md, "Outputs BI and CI rely on").

    - members: rows of the membership (customers, or visitors for visitor
      segments such as anonymous_visitors).
    - share_of_customers: members / registered customers (rows of
      dim_customers); null for visitor segments.
    - revenue: the members' LIFETIME net revenue as of as_of_date (all their
      valid orders, not only those that put them in the segment). For a
      visitor segment: the valid orders placed by those visitor_ids that
      belong to no customer (guest orders).
    - share_of_revenue: revenue / lifetime net revenue of all registered
      customers; null for visitor segments.
    - valid_orders: the members' valid orders (same orders as revenue);
      aov = revenue / valid_orders, null when 0.

    Every segment mart (segment_marts(): named and custom) has a row, with 0
    members when empty; family values exist only when someone holds them. -#}

{%- set marts = segment_marts() %}

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

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
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

member_figures as (
    select
        memberships.family,
        memberships.segment,
        memberships.customer_id,
        memberships.visitor_id,
        case
            when memberships.customer_id is not null then coalesce(customers.lifetime_net_revenue, 0)
            else coalesce(guest_visitor_orders.net_revenue, 0)
        end as net_revenue,
        case
            when memberships.customer_id is not null then coalesce(customers.valid_order_count, 0)
            else coalesce(guest_visitor_orders.valid_orders, 0)
        end as valid_orders
    from memberships
    left join customers
        on memberships.customer_id = customers.customer_id
    left join guest_visitor_orders
        on
            memberships.customer_id is null
            and memberships.visitor_id = guest_visitor_orders.visitor_id
),

segment_figures as (
    select
        family,
        segment,
        count(*) as members,
        count(visitor_id) as visitor_members,
        sum(net_revenue) as revenue,
        sum(valid_orders) as valid_orders
    from member_figures
    group by family, segment
),

segment_spine as (
    {%- for mart in marts %}
    select
        '{{ mart.family }}' as family,
        '{{ mart.key }}' as segment,
        {{ 'true' if mart.members == 'visitors' else 'false' }} as is_visitor_segment
    union all
    {%- endfor %}
    select
        family,
        segment,
        max(visitor_members) > 0 as is_visitor_segment
    from segment_figures
    where family not in ('named', 'custom')
    group by family, segment
),

final as (
    select
        cast(segment_spine.family as {{ dbt.type_string() }}) as family,
        cast(segment_spine.segment as {{ dbt.type_string() }}) as segment,
        cast(coalesce(segment_figures.members, 0) as {{ dbt.type_bigint() }}) as members,
        -- Shares divide doubles: a decimal quotient keeps only 6 places on Spark.
        case
            when not segment_spine.is_visitor_segment and store_totals.registered_customers > 0
                then
                    cast(coalesce(segment_figures.members, 0) as {{ type_double() }})
                    / cast(store_totals.registered_customers as {{ type_double() }})
        end as share_of_customers,
        cast(coalesce(segment_figures.revenue, 0) as {{ type_money() }}) as revenue,
        case
            when not segment_spine.is_visitor_segment and store_totals.customers_net_revenue <> 0
                then
                    cast(coalesce(segment_figures.revenue, 0) as {{ type_double() }})
                    / cast(store_totals.customers_net_revenue as {{ type_double() }})
        end as share_of_revenue,
        cast(coalesce(segment_figures.valid_orders, 0) as {{ dbt.type_bigint() }}) as valid_orders,
        {{ divide_money('segment_figures.revenue', 'segment_figures.valid_orders') }} as aov,
        as_of.as_of_date
    from segment_spine
    cross join store_totals
    cross join as_of
    left join segment_figures
        on
            segment_spine.family = segment_figures.family
            and segment_spine.segment = segment_figures.segment
)

select * from final
