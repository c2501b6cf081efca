{#- Orders placed on or before as_of_date, each with the customer it belongs
    to (SEGMENTS.md, "customer identity"):
    - `account`: placed while logged in (the order carries a customer_id);
    - `email_match`: a guest order whose email identifies exactly one account;
    - `ambiguous_email`: a guest order whose email several accounts share;
    - `guest`: a guest order that matches no account.
    Only `account` and `email_match` orders have a customer_id.
    A table of four narrow columns, not a view: as a view, its join to the
    email lookup ran inside each of its two readers' queries, where DuckDB
    (which cannot estimate the as_of_date filter) held that join's hash table
    of every order at the same time as the reader's own; int_orders_valued
    then ran out of memory at L (docs/performance.md). -#}

with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

emails as (
    select * from {{ ref('int_customer_emails_deduplicated') }}
),

orders_as_of as (
    select orders.*
    from orders
    cross join as_of
    where orders.ordered_date <= as_of.as_of_date
),

final as (
    select
        orders_as_of.order_id,
        coalesce(orders_as_of.customer_id, emails.customer_id) as customer_id,
        orders_as_of.customer_id as account_customer_id,
        case
            when orders_as_of.customer_id is not null then 'account'
            when emails.customer_id is not null then 'email_match'
            when emails.account_count > 1 then 'ambiguous_email'
            else 'guest'
        end as identity_method
    from orders_as_of
    left join emails
        on
            orders_as_of.customer_id is null
            and orders_as_of.email = emails.email
)

select * from final
