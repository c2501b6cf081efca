{#- Every raw email event, cleaned and typed, with its disposition. Reads as
    empty when var `enable_email_events` is false. -#}
{{ config(
    materialized=event_table_materialization(),
    unique_key="coalesce(email_event_id, '')"
) }}
{%- set raw = raw_columns('email_events', ['event_id', 'event_type', 'occurred_at']) -%}

with

-- Every raw row, or on an incremental run the rows of the keys its batch touches.
source as (
    {{ incremental_event_source('email_events', 'event_id', 'email_event_id', raw) }}
),

cleaned as (
    select
        {{ clean_id('source.event_id') }} as email_event_id,
        {{ clean_id(raw_column(raw, 'customer_id')) }} as customer_id,
        {{ clean_id(raw_column(raw, 'campaign_id')) }} as campaign_id,
        {{ clean_email(raw_column(raw, 'email')) }} as email,
        case {{ clean_label('source.event_type') }}
            when 'spam' then 'marked_as_spam'
            when 'complained' then 'marked_as_spam'
            when 'unsubscribe' then 'unsubscribed'
            when 'open' then 'opened'
            when 'click' then 'clicked'
            when 'bounce' then 'bounced'
            else {{ clean_label('source.event_type') }}
        end as event_type,
        source.occurred_at as occurred_at_raw,
        {{ raw_timestamp(raw, 'occurred_at') }} as occurred_at,
        {{ raw_column(raw, '_loaded_at') }} as _loaded_at_raw,
        {{ raw_timestamp(raw, '_loaded_at') }} as _loaded_at
    from source
),

validated as (
    select
        *,
        case
            when email_event_id is null then 'missing_key'
            when event_type is null then 'missing_required_field:event_type'
            when not {{ is_one_of(
                'event_type', ['delivered', 'opened', 'clicked', 'bounced', 'marked_as_spam', 'unsubscribed']
            ) }}
                then 'unknown_event_type:event_type'
            else {{ timestamp_rejection_reason('occurred_at_raw', 'occurred_at', 'occurred_at') }}
        end as validation_error,
        -- Descriptive: an unreadable load time is null, listed in stg_shop__data_quality_issues.
        case
            when {{ is_unreadable('_loaded_at_raw', '_loaded_at') }}
                then {{ value_shape(clean_text('_loaded_at_raw')) }}
        end as _loaded_at_unreadable_shape,
        {{ row_hash(['email_event_id', 'customer_id', 'campaign_id', 'email', 'event_type', 'occurred_at']) }}
            as row_hash
    from cleaned
),

classified as (
    {{ classify_raw_rows('validated', ['email_event_id'], loaded_column='_loaded_at') }}
),

-- The classification's working columns (row hashes, ranks) are not kept.
final as (
    select
        email_event_id,
        customer_id,
        campaign_id,
        email,
        event_type,
        occurred_at_raw,
        occurred_at,
        row_disposition,
        rejection_reason,
        rejection_column,
        collapse_reason,
        _loaded_at,
        _loaded_at_unreadable_shape,
        {{ to_store_date('occurred_at') }} as occurred_date
    from classified
)

select * from final
