{#- Every raw order line, cleaned, typed and converted to the reporting
    currency at its order's rate, with its disposition. A line is usable only
    if its order was accepted: a line whose order_id is in no raw order is an
    `orphan_order_line`, one whose order was rejected is `parent_order_rejected`,
    one whose order is known only after var `as_of_date` is collapsed as
    `known_after_as_of_date`. -#}
{%- set raw = raw_columns('order_items', ['order_id', 'line_number', 'product_id', 'quantity', 'unit_price']) -%}
{#- A line's amount, quantity x unit price (times exchange_rate in the reporting currency). -#}
{%- set line_amount = ['cleaned.quantity', 'cleaned.unit_price_order_currency'] -%}

with

source as (
    {{ raw_source('order_items') }}
),

orders as (
    select
        order_id,
        max(case when row_disposition = 'accepted' then 1 else 0 end) as has_accepted_version,
        max(case when collapse_reason = 'known_after_as_of_date' then 1 else 0 end) as has_later_version,
        max(case when row_disposition = 'accepted' then exchange_rate end) as exchange_rate
    from {{ ref('base_shop__orders') }}
    where order_id is not null
    group by order_id
),

cleaned as (
    select
        {{ clean_id('source.order_id') }} as order_id,
        {{ clean_id('source.product_id') }} as product_id,
        source.line_number as line_number_raw,
        {{ try_cast_integer('source.line_number') }} as line_number,
        source.quantity as quantity_raw,
        {{ try_cast_integer('source.quantity') }} as quantity,
        source.unit_price as unit_price_raw,
        {{ try_cast('source.unit_price', type_precise_money()) }} as unit_price_order_currency,
        {{ raw_column(raw, 'discount_amount') }} as discount_amount_raw,
        {{ try_cast(raw_column(raw, 'discount_amount'), type_precise_money()) }} as discount_amount_order_currency
    from source
),

validated as (
    select
        cleaned.*,
        orders.exchange_rate,
        case
            when {{ is_unreadable('cleaned.line_number_raw', 'cleaned.line_number') }}
                then 'invalid_number:line_number'
            when cleaned.order_id is null or cleaned.line_number is null then 'missing_key'
            when cleaned.product_id is null then 'missing_required_field:product_id'
            when cleaned.quantity is null and {{ clean_text('cleaned.quantity_raw') }} is null
                then 'missing_required_field:quantity'
            when cleaned.quantity is null then 'invalid_number:quantity'
            when cleaned.quantity < 0 then 'negative_quantity:quantity'
            when cleaned.unit_price_order_currency is null and {{ clean_text('cleaned.unit_price_raw') }} is null
                then 'missing_required_field:unit_price'
            when cleaned.unit_price_order_currency is null then 'invalid_number:unit_price'
            when {{ is_unreadable('cleaned.discount_amount_raw', 'cleaned.discount_amount_order_currency') }}
                then 'invalid_number:discount_amount'
            when cleaned.unit_price_order_currency < 0 then 'negative_amount:unit_price'
            when cleaned.discount_amount_order_currency < 0 then 'negative_amount:discount_amount'
            -- Before the line amount is computed in decimals, which would overflow.
            when {{ amount_out_of_range(['cleaned.unit_price_order_currency', 'orders.exchange_rate']) }}
                then 'amount_out_of_range:unit_price'
            when {{ amount_out_of_range(['cleaned.discount_amount_order_currency', 'orders.exchange_rate']) }}
                then 'amount_out_of_range:discount_amount'
            {%- for factors in [line_amount, line_amount + ['orders.exchange_rate']] %}
            when {{ amount_out_of_range(factors) }} then 'amount_out_of_range:quantity'
            {%- endfor %}
            when cleaned.discount_amount_order_currency > cleaned.quantity * cleaned.unit_price_order_currency
                then 'discount_exceeds_subtotal:discount_amount'
            when orders.order_id is null then 'orphan_order_line'
            when orders.has_accepted_version = 0 and orders.has_later_version = 0 then 'parent_order_rejected'
        end as validation_error,
        -- An order known only after var as_of_date (point in time): its lines are not known yet either.
        coalesce(orders.has_accepted_version = 1 or orders.has_later_version = 0, true) as is_known_as_of,
        {{ row_hash([
            'cleaned.order_id', 'cleaned.line_number', 'cleaned.product_id', 'cleaned.quantity',
            'cleaned.unit_price_order_currency', 'cleaned.discount_amount_order_currency'
        ]) }} as row_hash
    from cleaned
    left join orders
        on cleaned.order_id = orders.order_id
),

classified as (
    {{ classify_raw_rows('validated', ['order_id', 'line_number'], known_column='is_known_as_of') }}
),

-- The classification's working columns (row hashes, ranks) are not kept.
final as (
    select
        order_id,
        product_id,
        line_number,
        quantity_raw,
        quantity,
        unit_price_raw,
        unit_price_order_currency,
        discount_amount_order_currency,
        exchange_rate,
        row_disposition,
        rejection_reason,
        rejection_column,
        collapse_reason,
        {{ dbt.concat(['order_id', "'-'", 'cast(line_number as ' ~ dbt.type_string() ~ ')']) }} as order_line_id,
        -- Converted without rounding to cents: a unit price of 0.001 keeps its
        -- value through quantity × price (only final amounts are rounded).
        {{ to_reporting_currency('unit_price_order_currency', 'exchange_rate') }} as unit_price,
        {{ to_reporting_currency('coalesce(discount_amount_order_currency, 0)', 'exchange_rate') }}
            as discount_amount
    from classified
)

select * from final
