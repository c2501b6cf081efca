{#- Every raw session row, cleaned and typed, with its marketing channel and
    its disposition. Reads as empty when var `enable_sessions` is false. -#}
{{ config(
    materialized=event_table_materialization(),
    unique_key="coalesce(session_id, '')"
) }}
{%- set raw = raw_columns('sessions', ['session_id', 'visitor_id', 'started_at']) -%}

with

-- Every raw row, or on an incremental run the rows of the keys its batch touches.
source as (
    {{ incremental_event_source('sessions', 'session_id', 'session_id', raw) }}
),

countries as (
    {{ country_lookup() }}
),

cleaned as (
    select
        {{ clean_id('source.session_id') }} as session_id,
        {{ clean_id('source.visitor_id') }} as visitor_id,
        {{ clean_id(raw_column(raw, 'customer_id')) }} as customer_id,
        lower({{ clean_text(raw_column(raw, 'utm_source')) }}) as utm_source,
        lower({{ clean_text(raw_column(raw, 'utm_medium')) }}) as utm_medium,
        lower({{ clean_text(raw_column(raw, 'utm_campaign')) }}) as utm_campaign,
        lower({{ clean_text(raw_column(raw, 'referrer')) }}) as referrer,
        {{ clean_text(raw_column(raw, 'landing_page')) }} as landing_page,
        {{ device_type_from_text(raw_column(raw, 'device_type')) }} as device_type,
        {{ clean_text(raw_column(raw, 'os')) }} as os,
        {{ clean_text(raw_column(raw, 'browser')) }} as browser,
        countries.country_code,
        {{ clean_text(raw_column(raw, 'city')) }} as city,
        source.started_at as started_at_raw,
        {{ raw_timestamp(raw, 'started_at') }} as started_at,
        {{ raw_column(raw, 'ended_at') }} as ended_at_raw,
        {{ raw_timestamp(raw, 'ended_at') }} as ended_at,
        {{ raw_column(raw, '_loaded_at') }} as _loaded_at_raw,
        {{ raw_timestamp(raw, '_loaded_at') }} as _loaded_at
    from source
    left join countries
        on lower({{ clean_text(raw_column(raw, 'country')) }}) = countries.match_text
),

validated as (
    select
        *,
        case
            when session_id is null then 'missing_key'
            when visitor_id is null then 'missing_required_field:visitor_id'
            else {{ timestamp_rejection_reason('started_at_raw', 'started_at', 'started_at') }}
        end as validation_error,
        -- Descriptive: an unreadable end time is null, listed in stg_shop__data_quality_issues.
        case
            when {{ is_unreadable('ended_at_raw', 'ended_at') }} then {{ value_shape(clean_text('ended_at_raw')) }}
        end as ended_at_unreadable_shape,
        -- Descriptive: an unreadable load time is null, listed in stg_shop__data_quality_issues.
        case
            when {{ is_unreadable('_loaded_at_raw', '_loaded_at') }}
                then {{ value_shape(clean_text('_loaded_at_raw')) }}
        end as _loaded_at_unreadable_shape,
        {{ row_hash([
            'session_id', 'visitor_id', 'customer_id', 'utm_source', 'utm_medium', 'utm_campaign',
            'referrer', 'landing_page', 'device_type', 'os', 'browser', 'country_code', 'city',
            'started_at', 'ended_at'
        ]) }} as row_hash
    from cleaned
),

classified as (
    {{ classify_raw_rows('validated', ['session_id'], loaded_column='_loaded_at') }}
),

traffic as (
    select
        *,
        {{ traffic_source_key('utm_source', 'utm_medium', 'referrer') }} as traffic_source_key
    from classified
),

channels as (
    {{ map_traffic_to_channels('traffic') }}
),

final as (
    -- The classification's working columns (row hashes, ranks) are not kept.
    select
        traffic.session_id,
        traffic.visitor_id,
        traffic.customer_id,
        traffic.utm_source,
        traffic.utm_medium,
        traffic.utm_campaign,
        traffic.referrer,
        traffic.landing_page,
        traffic.device_type,
        traffic.os,
        traffic.browser,
        traffic.country_code,
        traffic.city,
        traffic.started_at_raw,
        traffic.started_at,
        traffic.ended_at,
        traffic.ended_at_unreadable_shape,
        traffic.row_disposition,
        traffic.rejection_reason,
        traffic.rejection_column,
        traffic.collapse_reason,
        traffic._loaded_at,
        traffic._loaded_at_unreadable_shape,
        channels.channel,
        {{ to_store_date('traffic.started_at') }} as started_date
    from traffic
    left join channels
        on traffic.traffic_source_key = channels.traffic_source_key
)

select * from final
