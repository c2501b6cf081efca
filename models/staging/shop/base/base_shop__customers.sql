{#- Every raw customer row, cleaned and typed, with its disposition:
    accepted (-> stg_shop__customers), rejected (-> stg_shop__customers_rejected)
    or collapsed into the accepted row (older version or exact copy). -#}
{%- set raw = raw_columns('customers', ['customer_id', 'created_at']) -%}

with

source as (
    {{ raw_source('customers') }}
),

countries as (
    {{ country_lookup() }}
),

cleaned as (
    select
        {{ clean_id('source.customer_id') }} as customer_id,
        {{ clean_id(raw_column(raw, 'company_id')) }} as company_id,
        {{ clean_email(raw_column(raw, 'email')) }} as email,
        {{ clean_text(raw_column(raw, 'first_name')) }} as first_name,
        {{ clean_text(raw_column(raw, 'last_name')) }} as last_name,
        {{ gender_from_text(raw_column(raw, 'gender')) }} as gender,
        lower({{ clean_text(raw_column(raw, 'language')) }}) as language_tag,
        lower(
            {{ dbt.split_part(
                "replace(" ~ clean_text(raw_column(raw, 'language')) ~ ", '_', '-')",
                "'-'", 1) }}
        ) as language_code,
        {{ clean_text(raw_column(raw, 'city')) }} as city,
        {{ clean_text(raw_column(raw, 'region')) }} as region,
        {{ clean_text(raw_column(raw, 'postal_code')) }} as postal_code,
        countries.country_code,
        {{ clean_text(raw_column(raw, 'country')) }} as country_raw,
        {{ clean_list(raw_column(raw, 'tags')) }} as tags,
        {{ clean_list(raw_column(raw, 'interests')) }} as interests,
        lower({{ clean_text(raw_column(raw, 'income_band')) }}) as income_band,
        {{ clean_label(raw_column(raw, 'account_status')) }} as account_status,
        {{ clean_label(raw_column(raw, 'email_marketing_consent')) }} as email_marketing_consent,
        lower({{ clean_text(raw_column(raw, 'created_by_app')) }}) as created_by_app,
        {{ try_cast(raw_column(raw, 'latitude'), type_double()) }} as latitude,
        {{ try_cast(raw_column(raw, 'longitude'), type_double()) }} as longitude,
        {{ try_cast(raw_column(raw, 'birth_date'), 'date') }} as birth_date,
        source.created_at as created_at_raw,
        {{ try_cast('source.created_at', dbt.type_timestamp()) }} as created_at,
        {{ try_cast(raw_column(raw, 'updated_at'), dbt.type_timestamp()) }} as updated_at
    from source
    left join countries
        on lower({{ clean_text(raw_column(raw, 'country')) }}) = countries.match_text
),

validated as (
    select
        *,
        case
            when customer_id is null then 'missing_key'
            else {{ timestamp_rejection_reason('created_at_raw', 'created_at') }}
        end as validation_error,
        {{ row_hash([
            'customer_id', 'company_id', 'email', 'first_name', 'last_name', 'gender', 'language_tag',
            'city', 'region', 'postal_code', 'country_code', 'country_raw', 'tags', 'interests',
            'income_band', 'account_status', 'email_marketing_consent', 'created_by_app',
            'latitude', 'longitude', 'birth_date', 'created_at', 'updated_at'
        ]) }} as row_hash
    from cleaned
),

classified as (
    {{ classify_raw_rows('validated', ['customer_id'], 'updated_at') }}
),

-- The classification's working columns (row hashes, ranks) are not kept.
final as (
    select
        customer_id,
        company_id,
        email,
        first_name,
        last_name,
        gender,
        language_tag,
        language_code,
        city,
        region,
        postal_code,
        country_code,
        country_raw,
        tags,
        interests,
        income_band,
        account_status,
        email_marketing_consent,
        created_by_app,
        latitude,
        longitude,
        birth_date,
        created_at_raw,
        created_at,
        updated_at,
        row_disposition,
        rejection_reason,
        collapse_reason
    from classified
)

select * from final
