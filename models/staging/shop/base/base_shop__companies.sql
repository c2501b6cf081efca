{#- Every raw company row, cleaned and typed, with its disposition. Reads as
    empty when var `enable_companies` is false. -#}
{%- set raw = raw_columns('companies', ['company_id']) -%}

with

source as (
    {{ raw_source('companies') }}
),

countries as (
    {{ country_lookup() }}
),

cleaned as (
    select
        {{ clean_id('source.company_id') }} as company_id,
        {{ clean_text(raw_column(raw, 'name')) }} as company_name,
        {{ clean_text(raw_column(raw, 'industry')) }} as industry,
        countries.country_code,
        -- A country no spelling of seed country_codes or country_aliases matches: the code is null,
        -- the value listed in stg_shop__data_quality_issues.
        case when countries.country_code is null then {{ value_shape(clean_text(raw_column(raw, 'country'))) }} end
            as country_unreadable_shape,
        {{ raw_column(raw, 'employee_count') }} as employee_count_raw,
        {{ try_cast_integer(raw_column(raw, 'employee_count')) }} as employee_count,
        {{ raw_column(raw, 'annual_revenue') }} as annual_revenue_raw,
        {{ try_cast(raw_column(raw, 'annual_revenue'), type_precise_money()) }} as annual_revenue
    from source
    left join countries
        on lower({{ clean_text(raw_column(raw, 'country')) }}) = countries.match_text
),

validated as (
    select
        *,
        case
            when company_id is null then 'missing_key'
            when {{ is_unreadable('annual_revenue_raw', 'annual_revenue') }} then 'invalid_number:annual_revenue'
            when {{ is_unreadable('employee_count_raw', 'employee_count') }} then 'invalid_number:employee_count'
        end as validation_error,
        {{ row_hash(['company_id', 'company_name', 'industry', 'country_code', 'employee_count', 'annual_revenue']) }}
            as row_hash
    from cleaned
),

classified as (
    {{ classify_raw_rows('validated', ['company_id']) }}
),

-- The classification's working columns (row hashes, ranks) are not kept.
final as (
    select
        company_id,
        company_name,
        industry,
        country_code,
        country_unreadable_shape,
        employee_count,
        annual_revenue,
        row_disposition,
        rejection_reason,
        rejection_column,
        collapse_reason
    from classified
)

select * from final
