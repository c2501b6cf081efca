{#- One row per registered customer (int_customers_registered_as_of): its
    account columns (contact, address, created_at) and the descriptive
    attributes of the customer profile, as of as_of_date (dim_customers takes
    its rows from here):
    - age_years: whole years lived at as_of_date; null without a birth date or
      with one after as_of_date. age_band: 18-24, 25-34, 35-44, 45-54, 55-64,
      65+, or unknown (no age, or under 18).
    - Birthdays: a 29 February birthday falls on 28 February in non-leap
      years (for the next birthday and for the age alike, so a person born on
      29 February 2000 is 23 on 28 February 2023). next_birthday_date is the
      first birthday on or after as_of_date (today counts: 0 days);
      is_birthday_upcoming when days_until_birthday is between 0 and
      birthday_window_days − 1, i.e. on one of the birthday_window_days (30)
      calendar dates starting with as_of_date — the mirror of "in the last N
      days", which also counts as_of_date as the first of N dates.
    - Country: country_code with name, world region and continent from seed
      country_codes (region is the seed's world region, not the address).
    - distance_to_store_km: haversine great-circle distance from (latitude,
      longitude) to (store_latitude, store_longitude), rounded to 0.1 km;
      is_within_store_radius when it is at most store_radius_km.
    - Company: is_b2b when the account is linked to a company (company_id set,
      whether or not the companies table has it); industry and employee_count
      from stg_shop__companies; company_size_band 1-9, 10-49, 50-249, 250-999,
      1000+, or unknown (no company, or no employee count ≥ 1).
    - email_domain: the lower-case part of the email after the @. -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

companies as (
    select * from {{ ref('stg_shop__companies') }}
),

countries as (
    select * from {{ ref('country_codes') }}
),

birthdays as (
    select
        customer_id,
        as_of_date,
        birth_date,
        extract(year from birth_date) as birth_year,
        {{ birthday_in_year('birth_date', 'extract(year from as_of_date)') }} as birthday_this_year,
        {{ birthday_in_year('birth_date', 'extract(year from as_of_date) + 1') }} as birthday_next_year
    from customers
    where birth_date <= as_of_date
),

ages as (
    select
        customer_id,
        birth_date,
        extract(year from as_of_date) - birth_year
        - case when birthday_this_year > as_of_date then 1 else 0 end as age_years,
        case
            when birthday_this_year >= as_of_date then birthday_this_year
            else birthday_next_year
        end as next_birthday_date,
        as_of_date
    from birthdays
),

birthday_countdown as (
    select
        customer_id,
        age_years,
        next_birthday_date,
        {{ dbt.datediff('as_of_date', 'next_birthday_date', 'day') }}
            as days_until_birthday
    from ages
),

located as (
    select
        customer_id,
        cast(
            {{ haversine_distance_km(
                'latitude', 'longitude', var('store_latitude') ~ '', var('store_longitude') ~ ''
            ) }} as decimal(10, 1)
        ) as distance_to_store_km
    from customers
    where latitude is not null and longitude is not null
),

final as (
    select
        customers.customer_id,
        customers.company_id,
        customers.email,
        customers.first_name,
        customers.last_name,
        coalesce(customers.gender, 'unknown') as gender,
        case
            when birthday_countdown.age_years is null or birthday_countdown.age_years < 18 then 'unknown'
            when birthday_countdown.age_years < 25 then '18-24'
            when birthday_countdown.age_years < 35 then '25-34'
            when birthday_countdown.age_years < 45 then '35-44'
            when birthday_countdown.age_years < 55 then '45-54'
            when birthday_countdown.age_years < 65 then '55-64'
            else '65+'
        end as age_band,
        customers.language_code,
        customers.city,
        customers.postal_code,
        customers.country_code,
        countries.country_name,
        countries.region,
        countries.continent,
        case
            when customers.email like '%_@_%'
                then nullif(lower({{ dbt.split_part('customers.email', "'@'", 2) }}), '')
        end as email_domain,
        customers.tags,
        customers.income_band,
        customers.account_status,
        customers.email_marketing_consent,
        customers.created_by_app,
        companies.industry,
        case
            when companies.employee_count is null or companies.employee_count < 1 then 'unknown'
            when companies.employee_count < 10 then '1-9'
            when companies.employee_count < 50 then '10-49'
            when companies.employee_count < 250 then '50-249'
            when companies.employee_count < 1000 then '250-999'
            else '1000+'
        end as company_size_band,
        cast(birthday_countdown.age_years as {{ dbt.type_int() }}) as age_years,
        cast(birthday_countdown.days_until_birthday as {{ dbt.type_int() }}) as days_until_birthday,
        companies.employee_count,
        customers.latitude,
        customers.longitude,
        located.distance_to_store_km,
        customers.company_id is not null as is_b2b,
        coalesce(
            birthday_countdown.days_until_birthday between 0 and {{ var('birthday_window_days') }} - 1, false
        ) as is_birthday_upcoming,
        coalesce(located.distance_to_store_km <= {{ var('store_radius_km') }}, false) as is_within_store_radius,
        customers.birth_date,
        birthday_countdown.next_birthday_date,
        customers.as_of_date,
        customers.created_at
    from customers
    left join birthday_countdown
        on customers.customer_id = birthday_countdown.customer_id
    left join located
        on customers.customer_id = located.customer_id
    left join companies
        on customers.company_id = companies.company_id
    left join countries
        on customers.country_code = countries.country_code
)

select * from final
