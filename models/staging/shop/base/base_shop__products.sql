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
        {{ try_cast(raw_column(raw, 'price'), type_money()) }} as list_price,
        {{ try_cast(raw_column(raw, 'created_at'), dbt.type_timestamp()) }} as created_at
    from source
),

validated as (
    select
        *,
        case
            when product_id is null then 'missing_key'
        end as validation_error,
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
        row_disposition,
        rejection_reason,
        collapse_reason
    from classified
)

select * from final
