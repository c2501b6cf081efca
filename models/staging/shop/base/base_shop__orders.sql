{#- Every raw order row, cleaned, typed and converted to the reporting
    currency, with its disposition (see classify_raw_rows). -#}
{%- set raw = raw_columns('orders', ['order_id', 'ordered_at', 'status', 'currency', 'subtotal_amount']) -%}
{%- set money_columns = ['discount_amount', 'shipping_amount', 'tax_amount', 'total_amount', 'refunded_amount'] -%}

with

source as (
    {{ raw_source('orders') }}
),

countries as (
    {{ country_lookup() }}
),

rates as (
    {{ exchange_rates() }}
),

cleaned as (
    select
        {{ clean_id('source.order_id') }} as order_id,
        {{ clean_id(raw_column(raw, 'customer_id')) }} as customer_id,
        {{ clean_id(raw_column(raw, 'session_id')) }} as session_id,
        {{ clean_email(raw_column(raw, 'email')) }} as email,
        {{ clean_label('source.status') }} as status,
        upper({{ clean_text('source.currency') }}) as currency_code,
        lower({{ clean_text(raw_column(raw, 'utm_source')) }}) as utm_source,
        lower({{ clean_text(raw_column(raw, 'utm_medium')) }}) as utm_medium,
        lower({{ clean_text(raw_column(raw, 'utm_campaign')) }}) as utm_campaign,
        lower({{ clean_text(raw_column(raw, 'referrer')) }}) as referrer,
        {{ clean_text(raw_column(raw, 'shipping_city')) }} as shipping_city,
        countries.country_code as shipping_country_code,
        -- A country no spelling of seed country_codes or country_aliases matches: the code is null,
        -- the value listed in stg_shop__data_quality_issues.
        case
            when countries.country_code is null
                then {{ value_shape(clean_text(raw_column(raw, 'shipping_country'))) }}
        end as shipping_country_unreadable_shape,
        source.subtotal_amount as subtotal_amount_raw,
        {{ try_cast('source.subtotal_amount', type_precise_money()) }} as subtotal_amount_order_currency,
        {%- for column in money_columns %}
        {{ raw_column(raw, column) }} as {{ column }}_raw,
        {{ try_cast(raw_column(raw, column), type_precise_money()) }} as {{ column }}_order_currency,
        {%- endfor %}
        source.ordered_at as ordered_at_raw,
        {{ raw_timestamp(raw, 'ordered_at') }} as ordered_at,
        {{ raw_column(raw, 'updated_at') }} as updated_at_raw,
        {{ raw_timestamp(raw, 'updated_at') }} as updated_at
    from source
    left join countries
        on lower({{ clean_text(raw_column(raw, 'shipping_country')) }}) = countries.match_text
),

converted as (
    select
        cleaned.*,
        {{ exchange_rate_to_reporting('cleaned.currency_code', 'row_rate', 'reporting_rate') }} as exchange_rate
    from cleaned
    left join rates as row_rate
        on {{ rate_is_valid_on('row_rate', 'cleaned.currency_code', 'cast(cleaned.ordered_at as date)') }}
    left join rates as reporting_rate
        on {{ rate_is_valid_on('reporting_rate', reporting_currency_literal(), 'cast(cleaned.ordered_at as date)') }}
),

validated as (
    select
        *,
        case
            when order_id is null then 'missing_key'
            when {{ timestamp_rejection_reason('ordered_at_raw', 'ordered_at', 'ordered_at') }} is not null
                then {{ timestamp_rejection_reason('ordered_at_raw', 'ordered_at', 'ordered_at') }}
            when {{ is_unreadable('updated_at_raw', 'updated_at') }} then 'invalid_timestamp:updated_at'
            when status is null then 'missing_required_field:status'
            when not {{ is_one_of('status', ['placed', 'completed', 'cancelled', 'refunded', 'partially_refunded']) }}
                then 'unknown_status:status'
            when currency_code is null then 'missing_required_field:currency'
            when exchange_rate is null then 'unknown_currency:currency'
            when subtotal_amount_order_currency is null and {{ clean_text('subtotal_amount_raw') }} is null
                then 'missing_required_field:subtotal_amount'
            when subtotal_amount_order_currency is null then 'invalid_number:subtotal_amount'
            {%- for column in money_columns %}
            when {{ is_unreadable(column ~ '_raw', column ~ '_order_currency') }} then 'invalid_number:{{ column }}'
            {%- endfor %}
            when subtotal_amount_order_currency < 0 then 'negative_amount:subtotal_amount'
            {%- for column in money_columns %}
            when {{ column }}_order_currency < 0 then 'negative_amount:{{ column }}'
            {%- endfor %}
            {%- for column in ['subtotal_amount'] + money_columns %}
            when {{ amount_out_of_range([column ~ '_order_currency', 'exchange_rate']) }}
                then 'amount_out_of_range:{{ column }}'
            {%- endfor %}
            when discount_amount_order_currency > subtotal_amount_order_currency
                then 'discount_exceeds_subtotal:discount_amount'
            -- What the customer paid: the total, or its parts when the total is missing.
            when refunded_amount_order_currency > coalesce(
                total_amount_order_currency,
                subtotal_amount_order_currency - coalesce(discount_amount_order_currency, 0)
                + coalesce(shipping_amount_order_currency, 0) + coalesce(tax_amount_order_currency, 0)
            ) then 'refund_exceeds_paid:refunded_amount'
        end as validation_error,
        {{ row_hash([
            'order_id', 'customer_id', 'session_id', 'email', 'status', 'currency_code',
            'utm_source', 'utm_medium', 'utm_campaign', 'referrer', 'shipping_city',
            'shipping_country_code', 'subtotal_amount_order_currency', 'discount_amount_order_currency',
            'shipping_amount_order_currency', 'tax_amount_order_currency', 'total_amount_order_currency',
            'refunded_amount_order_currency', 'ordered_at', 'updated_at'
        ]) }} as row_hash,
        {{ traffic_source_key('utm_source', 'utm_medium', 'referrer') }} as traffic_source_key
    from converted
),

classified as (
    {{ classify_raw_rows('validated', ['order_id'], 'updated_at') }}
),

-- From the validated rows, not the classified ones: see map_traffic_to_channels.
channels as (
    {{ map_traffic_to_channels('validated') }}
),

final as (
    -- The classification's working columns (row hashes, ranks) are not kept.
    select
        classified.order_id,
        classified.customer_id,
        classified.session_id,
        classified.email,
        classified.status,
        classified.currency_code,
        classified.utm_source,
        classified.utm_medium,
        classified.utm_campaign,
        classified.referrer,
        classified.shipping_city,
        classified.shipping_country_code,
        classified.shipping_country_unreadable_shape,
        classified.subtotal_amount_raw,
        classified.subtotal_amount_order_currency,
        classified.discount_amount_order_currency,
        classified.shipping_amount_order_currency,
        classified.tax_amount_order_currency,
        classified.total_amount_order_currency,
        classified.refunded_amount_order_currency,
        classified.ordered_at_raw,
        classified.ordered_at,
        classified.updated_at,
        classified.exchange_rate,
        classified.row_disposition,
        classified.rejection_reason,
        classified.rejection_column,
        classified.collapse_reason,
        channels.channel,
        -- Converted without rounding: only final amounts are rounded to cents.
        {{ to_reporting_currency('classified.subtotal_amount_order_currency', 'classified.exchange_rate') }}
            as subtotal_amount,
        {%- for column in money_columns %}
        {{ to_reporting_currency('classified.' ~ column ~ '_order_currency', 'classified.exchange_rate') }}
            as {{ column }},
        {%- endfor %}
        {{ to_store_date('classified.ordered_at') }} as ordered_date
    from classified
    left join channels
        on classified.traffic_source_key = channels.traffic_source_key
)

select * from final
