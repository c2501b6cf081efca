{#- Every raw customer row, cleaned and typed, with its disposition:
    accepted (-> stg_shop__customers), rejected (-> stg_shop__customers_rejected)
    or collapsed into the accepted row (older version or exact copy). -#}
{%- set raw = raw_columns('customers', ['customer_id', 'created_at']) -%}
{#- Descriptive typed columns: an unreadable value becomes null and is listed,
    by its shape only (personal data), in stg_shop__data_quality_issues. They
    are read through clean_text, so a null-like literal is no value: `NaN`
    would otherwise read as a double NaN, a coordinate no distance compares with. -#}
{%- set descriptive_columns = {'birth_date': 'date', 'latitude': type_double(), 'longitude': type_double()} -%}

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
        -- A country no spelling of seed country_codes or country_aliases matches: the code is null,
        -- the value listed in stg_shop__data_quality_issues.
        case when countries.country_code is null then {{ value_shape(clean_text(raw_column(raw, 'country'))) }} end
            as country_unreadable_shape,
        {{ clean_list(raw_column(raw, 'tags')) }} as tags,
        {{ clean_list(raw_column(raw, 'interests')) }} as interests,
        lower({{ clean_text(raw_column(raw, 'income_band')) }}) as income_band,
        {{ clean_label(raw_column(raw, 'account_status')) }} as account_status,
        {{ clean_label(raw_column(raw, 'email_marketing_consent')) }} as email_marketing_consent,
        lower({{ clean_text(raw_column(raw, 'created_by_app')) }}) as created_by_app,
        {%- for column, data_type in descriptive_columns.items() %}
        {{ raw_column(raw, column) }} as {{ column }}_raw,
        {{ try_cast(clean_text(raw_column(raw, column)), data_type) }} as {{ column }},
        {%- endfor %}
        source.created_at as created_at_raw,
        {{ raw_timestamp(raw, 'created_at') }} as created_at,
        {{ raw_column(raw, 'updated_at') }} as updated_at_raw,
        {{ raw_timestamp(raw, 'updated_at') }} as updated_at
    from source
    left join countries
        on lower({{ clean_text(raw_column(raw, 'country')) }}) = countries.match_text
),

validated as (
    select
        *,
        case
            when customer_id is null then 'missing_key'
            when {{ is_unreadable('updated_at_raw', 'updated_at') }} then 'invalid_timestamp:updated_at'
            else {{ timestamp_rejection_reason('created_at_raw', 'created_at', 'created_at') }}
        end as validation_error,
        {%- for column in descriptive_columns %}
        case
            when {{ is_unreadable(column ~ '_raw', column) }} then {{ value_shape(clean_text(column ~ '_raw')) }}
        end as {{ column }}_unreadable_shape,
        {%- endfor %}
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
        country_unreadable_shape,
        tags,
        interests,
        income_band,
        account_status,
        email_marketing_consent,
        created_by_app,
        latitude,
        longitude,
        birth_date,
        {%- for column in descriptive_columns %}
        {{ column }}_unreadable_shape,
        {%- endfor %}
        created_at_raw,
        created_at,
        updated_at,
        row_disposition,
        rejection_reason,
        rejection_column,
        collapse_reason
    from classified
)

select * from final
