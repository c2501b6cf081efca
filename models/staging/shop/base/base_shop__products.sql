{#- Every raw product row, cleaned and typed, with its disposition. -#}
{%- set raw = raw_columns('products', ['product_id']) -%}

with

source as (
    {{ raw_source('products') }}
),

cleaned as (
    select
        {{ clean_id('source.product_id') }} as product_id,
        {{ clean_text(raw_column(raw, 'name')) }} as product_name,
        {{ clean_text(raw_column(raw, 'category')) }} as category,
        {{ clean_text(raw_column(raw, 'brand')) }} as brand,
        {{ raw_column(raw, 'price') }} as list_price_raw,
        {{ try_cast(raw_column(raw, 'price'), type_precise_money()) }} as list_price,
        {{ raw_column(raw, 'created_at') }} as created_at_raw,
        {{ raw_timestamp(raw, 'created_at') }} as created_at
    from source
),

validated as (
    select
        *,
        case
            when product_id is null then 'missing_key'
            when {{ is_unreadable('list_price_raw', 'list_price') }} then 'invalid_number:price'
            when list_price < 0 then 'negative_amount:price'
        end as validation_error,
        -- Descriptive: an unreadable creation time is null, listed in stg_shop__data_quality_issues.
        case
            when {{ is_unreadable('created_at_raw', 'created_at') }}
                then {{ value_shape(clean_text('created_at_raw')) }}
        end as created_at_unreadable_shape,
        {{ row_hash(['product_id', 'product_name', 'category', 'brand', 'list_price', 'created_at']) }}
            as row_hash
    from cleaned
),

classified as (
    {{ classify_raw_rows('validated', ['product_id']) }}
),

-- The classification's working columns (row hashes, ranks) are not kept.
final as (
    select
        product_id,
        product_name,
        category,
        brand,
        list_price,
        created_at,
        created_at_unreadable_shape,
        row_disposition,
        rejection_reason,
        rejection_column,
        collapse_reason
    from classified
)

select * from final
