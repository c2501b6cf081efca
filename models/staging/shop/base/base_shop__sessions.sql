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
        ]) }} as row_hash,
        {{ traffic_source_key('utm_source', 'utm_medium', 'referrer') }} as traffic_source_key
    from cleaned
),

classified as (
    {{ classify_raw_rows('validated', ['session_id'], loaded_column='_loaded_at') }}
),

-- From the validated rows, not the classified ones: see map_traffic_to_channels.
channels as (
    {{ map_traffic_to_channels('validated') }}
),

final as (
    -- The classification's working columns (row hashes, ranks) are not kept.
    select
        classified.session_id,
        classified.visitor_id,
        classified.customer_id,
        classified.utm_source,
        classified.utm_medium,
        classified.utm_campaign,
        classified.referrer,
        classified.landing_page,
        classified.device_type,
        classified.os,
        classified.browser,
        classified.country_code,
        classified.city,
        classified.started_at_raw,
        classified.started_at,
        classified.ended_at,
        classified.ended_at_unreadable_shape,
        classified.row_disposition,
        classified.rejection_reason,
        classified.rejection_column,
        classified.collapse_reason,
        classified._loaded_at,
        classified._loaded_at_unreadable_shape,
        channels.channel,
        {{ to_store_date('classified.started_at') }} as started_date
    from classified
    left join channels
        on classified.traffic_source_key = channels.traffic_source_key
)

select * from final
