{#- Every raw page view, cleaned and typed, with its disposition. Reads as
    empty when var `enable_page_views` is false. -#}
{{ config(
    materialized=event_table_materialization(),
    unique_key="coalesce(page_view_id, '')"
) }}
{%- set raw = raw_columns('page_views', ['page_view_id', 'session_id', 'viewed_at']) -%}

with

-- Every raw row, or on an incremental run the rows of the keys its batch touches.
source as (
    {{ incremental_event_source('page_views', 'page_view_id', 'page_view_id', raw) }}
),

cleaned as (
    select
        {{ clean_id('source.page_view_id') }} as page_view_id,
        {{ clean_id('source.session_id') }} as session_id,
        {{ clean_id(raw_column(raw, 'product_id')) }} as product_id,
        case
            when {{ is_one_of(
                clean_label(raw_column(raw, 'page_type')),
                ['home', 'category', 'product', 'cart', 'checkout', 'search', 'other']
            ) }}
                then {{ clean_label(raw_column(raw, 'page_type')) }}
            when {{ clean_label(raw_column(raw, 'page_type')) }} is null then 'unknown'
            else 'other'
        end as page_type,
        {{ clean_text(raw_column(raw, 'page_path')) }} as page_path,
        {{ raw_column(raw, 'time_on_page_seconds') }} as time_on_page_seconds_raw,
        {{ try_cast_integer(raw_column(raw, 'time_on_page_seconds')) }} as time_on_page_seconds,
        source.viewed_at as viewed_at_raw,
        {{ raw_timestamp(raw, 'viewed_at') }} as viewed_at,
        {{ raw_column(raw, '_loaded_at') }} as _loaded_at_raw,
        {{ raw_timestamp(raw, '_loaded_at') }} as _loaded_at
    from source
),

validated as (
    select
        *,
        case
            when page_view_id is null then 'missing_key'
            when session_id is null then 'missing_required_field:session_id'
            when time_on_page_seconds < 0 then 'invalid_number:time_on_page_seconds'
            else {{ timestamp_rejection_reason('viewed_at_raw', 'viewed_at', 'viewed_at') }}
        end as validation_error,
        -- Descriptive: an unreadable dwell time is null, listed in stg_shop__data_quality_issues.
        case
            when {{ is_unreadable('time_on_page_seconds_raw', 'time_on_page_seconds') }}
                then {{ value_shape(clean_text('time_on_page_seconds_raw')) }}
        end as time_on_page_seconds_unreadable_shape,
        -- Descriptive: an unreadable load time is null, listed in stg_shop__data_quality_issues.
        case
            when {{ is_unreadable('_loaded_at_raw', '_loaded_at') }}
                then {{ value_shape(clean_text('_loaded_at_raw')) }}
        end as _loaded_at_unreadable_shape,
        {{ row_hash([
            'page_view_id', 'session_id', 'product_id', 'page_type', 'page_path',
            'time_on_page_seconds', 'viewed_at'
        ]) }} as row_hash
    from cleaned
),

classified as (
    {{ classify_raw_rows('validated', ['page_view_id'], loaded_column='_loaded_at') }}
),

-- The classification's working columns (row hashes, ranks) are not kept.
final as (
    select
        page_view_id,
        session_id,
        product_id,
        page_type,
        page_path,
        time_on_page_seconds,
        time_on_page_seconds_unreadable_shape,
        viewed_at_raw,
        viewed_at,
        row_disposition,
        rejection_reason,
        rejection_column,
        collapse_reason,
        _loaded_at,
        _loaded_at_unreadable_shape,
        {{ to_store_date('viewed_at') }} as viewed_date
    from classified
)

select * from final
