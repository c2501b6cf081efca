{#- The calendar MetricFlow joins metrics to (one row per day): from var
    `store_opened_date` to a year after as_of_date, so every date a mart can
    carry has a row. Days are counted out from five digit rows (up to 100,000
    days), with cross-database macros only. -#}

with

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

digits as (
    {%- for digit in range(10) %}
    select {{ digit }} as digit
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

day_offsets as (
    select
        ones.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit
        + 10000 * ten_thousands.digit as day_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands
),

days as (
    select
        cast(
            {{ dbt.dateadd('day', 'day_offsets.day_offset', "cast('" ~ var('store_opened_date') ~ "' as date)") }}
            as date
        ) as date_day
    from day_offsets
),

final as (
    select days.date_day
    from days
    cross join as_of
    where days.date_day <= cast({{ dbt.dateadd('day', 366, 'as_of.as_of_date') }} as date)
)

select * from final
