{#- Warns when the default as_of_date (var `as_of_date` unset: the latest
    date with any order or session) stands alone, more than
    var `stray_as_of_gap_days` days after the previous date with any activity.
    One stray row dated weeks after the bulk of the data (a typo in a year, a
    test order) would otherwise move every window of the build to a day the
    store has hardly any data for. Set `as_of_date` explicitly, or fix or
    remove the row. Returns the as-of date and the previous activity date. -#}
{{ config(severity='warn') }}

with

orders as (
    select ordered_date as activity_date from {{ ref('stg_shop__orders') }}
),

sessions as (
    select started_date as activity_date from {{ ref('stg_shop__sessions') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

activity as (
    select activity_date from orders
    union all
    select activity_date from sessions
),

previous as (
    select max(activity.activity_date) as previous_activity_date
    from activity
    cross join as_of
    where activity.activity_date < as_of.as_of_date
),

final as (
    select
        as_of.as_of_date,
        previous.previous_activity_date
    from as_of
    cross join previous
    where
        {{ 'false' if var('as_of_date') else 'true' }}
        and previous.previous_activity_date
        < {{ dbt.dateadd('day', -var('stray_as_of_gap_days'), 'as_of.as_of_date') }}
)

select * from final
