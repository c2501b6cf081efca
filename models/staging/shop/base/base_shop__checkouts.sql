{#- Every raw checkout, cleaned, typed and converted to the reporting
    currency, with its disposition. A checkout with no currency is taken to be
    in the reporting currency. Reads as empty when var `enable_checkouts` is false. -#}
{{ config(
    materialized=event_table_materialization(),
    unique_key="coalesce(checkout_id, '')"
) }}
{%- set raw = raw_columns('checkouts', ['checkout_id', 'created_at']) -%}

with

-- Every raw row, or on an incremental run the rows of the keys its batch touches.
source as (
    {{ incremental_event_source('checkouts', 'checkout_id', 'checkout_id', raw) }}
),

rates as (
    {{ exchange_rates() }}
),

cleaned as (
    select
        {{ clean_id('source.checkout_id') }} as checkout_id,
        {{ clean_id(raw_column(raw, 'customer_id')) }} as customer_id,
        {{ clean_id(raw_column(raw, 'session_id')) }} as session_id,
        {{ clean_id(raw_column(raw, 'completed_order_id')) }} as completed_order_id,
        {{ clean_email(raw_column(raw, 'email')) }} as email,
        coalesce(
            upper({{ clean_text(raw_column(raw, 'currency')) }}),
            {{ reporting_currency_literal() }}
        ) as currency_code,
        {{ raw_column(raw, 'cart_amount') }} as cart_amount_raw,
        {{ try_cast(raw_column(raw, 'cart_amount'), type_precise_money()) }} as cart_amount_checkout_currency,
        source.created_at as created_at_raw,
        {{ raw_timestamp(raw, 'created_at') }} as created_at,
        {{ raw_column(raw, '_loaded_at') }} as _loaded_at_raw,
        {{ raw_timestamp(raw, '_loaded_at') }} as _loaded_at
    from source
),

converted as (
    select
        cleaned.*,
        {{ exchange_rate_to_reporting('cleaned.currency_code', 'row_rate', 'reporting_rate') }} as exchange_rate
    from cleaned
    left join rates as row_rate
        on {{ rate_is_valid_on('row_rate', 'cleaned.currency_code', 'cast(cleaned.created_at as date)') }}
    left join rates as reporting_rate
        on {{ rate_is_valid_on('reporting_rate', reporting_currency_literal(), 'cast(cleaned.created_at as date)') }}
),

validated as (
    select
        *,
        case
            when checkout_id is null then 'missing_key'
            when {{ timestamp_rejection_reason('created_at_raw', 'created_at', 'created_at') }} is not null
                then {{ timestamp_rejection_reason('created_at_raw', 'created_at', 'created_at') }}
            when exchange_rate is null then 'unknown_currency:currency'
            when {{ is_unreadable('cart_amount_raw', 'cart_amount_checkout_currency') }}
                then 'invalid_number:cart_amount'
            when cart_amount_checkout_currency < 0 then 'negative_amount:cart_amount'
            when {{ amount_out_of_range(['cart_amount_checkout_currency', 'exchange_rate']) }}
                then 'amount_out_of_range:cart_amount'
        end as validation_error,
        -- Descriptive: an unreadable load time is null, listed in stg_shop__data_quality_issues.
        case
            when {{ is_unreadable('_loaded_at_raw', '_loaded_at') }}
                then {{ value_shape(clean_text('_loaded_at_raw')) }}
        end as _loaded_at_unreadable_shape,
        {{ row_hash([
            'checkout_id', 'customer_id', 'session_id', 'completed_order_id', 'email',
            'currency_code', 'cart_amount_checkout_currency', 'created_at'
        ]) }} as row_hash
    from converted
),

classified as (
    {{ classify_raw_rows('validated', ['checkout_id'], loaded_column='_loaded_at') }}
),

-- The classification's working columns (row hashes, ranks) are not kept.
final as (
    select
        checkout_id,
        customer_id,
        session_id,
        completed_order_id,
        email,
        currency_code,
        cart_amount_checkout_currency,
        created_at_raw,
        created_at,
        exchange_rate,
        row_disposition,
        rejection_reason,
        rejection_column,
        collapse_reason,
        _loaded_at,
        _loaded_at_unreadable_shape,
        {{ to_reporting_currency('cart_amount_checkout_currency', 'exchange_rate', round_to_cents=true) }}
            as cart_amount,
        {{ to_store_date('created_at') }} as created_date
    from classified
)

select * from final
