{#- Checkouts created on or before as_of_date, each with its customer and
    whether it is abandoned (SEGMENTS.md, segment abandoned_checkout).
    - Customer: the checkout's customer_id (`account`), else the account its
      email identifies (`email_match`, int_customer_emails_deduplicated); an
      email shared by several accounts (`ambiguous_email`) or matching none
      (`guest`) leaves customer_id null.
    - is_completed: completed_order_id is an order known on or before
      as_of_date (int_orders_valued, any status). A completed_order_id whose
      order is placed after as_of_date (or unknown) is not completed as of
      as_of_date.
    - Reference instant: the end of as_of_date, i.e. midnight at the start of
      the next day in the store timezone (abandoned_reference_at). A checkout
      is old enough when created strictly more than abandon_after_hours (1)
      before it: created_at (store time) < abandoned_reference_at −
      abandon_after_hours hours, so one created at 23:00 or later on
      as_of_date is not yet abandoned.
    - has_later_valid_order: a valid order placed at or after the checkout's
      created_at (and on or before as_of_date) by the same customer — or,
      for a checkout with no customer, with the same email.
    - is_abandoned: created in the last abandon_lookback_days (7), not
      completed, old enough and no later valid order. -#}

with

checkouts as (
    select * from {{ ref('stg_shop__checkouts') }}
),

emails as (
    select * from {{ ref('int_customer_emails_deduplicated') }}
),

orders as (
    select * from {{ ref('int_orders_valued') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

valid_orders as (
    select * from orders
    where is_valid_order
),

checkouts_as_of as (
    select
        checkouts.checkout_id,
        coalesce(checkouts.customer_id, emails.customer_id) as customer_id,
        checkouts.session_id,
        checkouts.completed_order_id,
        checkouts.email,
        case
            when checkouts.customer_id is not null then 'account'
            when emails.customer_id is not null then 'email_match'
            when emails.account_count > 1 then 'ambiguous_email'
            else 'guest'
        end as identity_method,
        checkouts.cart_amount,
        {{ in_last_n_days('checkouts.created_date', var('abandon_lookback_days')) }} as is_in_abandon_window,
        checkouts.created_date,
        checkouts.created_at,
        {{ dbt.dateadd('day', 1, 'cast(as_of.as_of_date as ' ~ dbt.type_timestamp() ~ ')') }}
            as abandoned_reference_at
    from checkouts
    cross join as_of
    left join emails
        on
            checkouts.customer_id is null
            and checkouts.email = emails.email
    where checkouts.created_date <= as_of.as_of_date
),

-- "A valid order at or after created_at" exists exactly when the latest
-- valid order is at or after it, so one row per customer (and per email)
-- is enough: no join between every checkout and every order of its buyer.
last_valid_order_by_customer as (
    select
        customer_id,
        max(ordered_at) as last_valid_ordered_at
    from valid_orders
    where customer_id is not null
    group by customer_id
),

last_valid_order_by_email as (
    select
        email,
        max(ordered_at) as last_valid_ordered_at
    from valid_orders
    where email is not null
    group by email
),

completed as (
    select distinct checkouts_as_of.checkout_id
    from checkouts_as_of
    inner join orders
        on checkouts_as_of.completed_order_id = orders.order_id
),

flagged as (
    select
        checkouts_as_of.*,
        completed.checkout_id is not null as is_completed,
        {{ to_store_timestamp('checkouts_as_of.created_at') }}
        < {{ dbt.dateadd('hour', -1 * var('abandon_after_hours'), 'checkouts_as_of.abandoned_reference_at') }}
            as is_old_enough_to_abandon,
        case
            when checkouts_as_of.customer_id is not null
                then coalesce(last_valid_order_by_customer.last_valid_ordered_at >= checkouts_as_of.created_at, false)
            else coalesce(last_valid_order_by_email.last_valid_ordered_at >= checkouts_as_of.created_at, false)
        end as has_later_valid_order
    from checkouts_as_of
    left join completed
        on checkouts_as_of.checkout_id = completed.checkout_id
    left join last_valid_order_by_customer
        on checkouts_as_of.customer_id = last_valid_order_by_customer.customer_id
    left join last_valid_order_by_email
        on
            checkouts_as_of.customer_id is null
            and checkouts_as_of.email = last_valid_order_by_email.email
),

final as (
    select
        checkout_id,
        customer_id,
        session_id,
        completed_order_id,
        email,
        identity_method,
        cart_amount,
        is_completed,
        has_later_valid_order,
        is_in_abandon_window
        and not is_completed
        and is_old_enough_to_abandon
        and not has_later_valid_order as is_abandoned,
        created_date,
        created_at,
        abandoned_reference_at
    from flagged
)

select * from final
