{#- One row per visitor_id seen on or before as_of_date, with the customer it
    belongs to (identity stitching): a visitor seen logged in as exactly one
    customer belongs to that customer for all its sessions, before and after
    the login. Rule for the ambiguity: a visitor seen logged in as several
    customers (a shared device) belongs to none of them; its logged-in
    sessions keep their own customer and its anonymous sessions stay
    unattributed. `is_stitched` is true for every visitor ever seen logged in. -#}

with

sessions as (
    select * from {{ ref('stg_shop__sessions') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

sessions_as_of as (
    select sessions.*
    from sessions
    cross join as_of
    where sessions.started_date <= as_of.as_of_date
),

final as (
    select
        visitor_id,
        case when count(distinct customer_id) = 1 then min(customer_id) end as customer_id,
        count(distinct customer_id) as logged_in_customer_count,
        count(distinct customer_id) > 0 as is_stitched,
        min(case when customer_id is not null then started_at end) as first_logged_in_at,
        min(started_at) as first_seen_at,
        max(started_at) as last_seen_at
    from sessions_as_of
    group by visitor_id
)

select * from final
