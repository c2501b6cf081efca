{#- One row per (registered customer, interest): the customer's declared
    interests (stg_shop__customers.interests, a lower-case comma-separated
    list) together with their affinity categories (int_categories_aggregated_to_customers,
    is_affinity_category), as one de-duplicated set. Items are trimmed and
    lower case; empty items are dropped. A declared list is read up to its
    first 100 items (a test on int_interests_aggregated_to_customers fails
    beyond that). -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

categories as (
    select * from {{ ref('int_categories_aggregated_to_customers') }}
    where is_affinity_category
),

digits as (
    {%- for digit in range(10) %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select {{ digit }} as digit
    {%- endfor %}
),

positions as (
    select tens.digit * 10 + units.digit + 1 as item_position
    from digits as tens
    cross join digits as units
),

declared_lists as (
    select
        customer_id,
        interests,
        {{ dbt.length('interests') }} - {{ dbt.length("replace(interests, ',', '')") }} + 1 as item_count
    from customers
    where interests is not null
),

declared_items as (
    select distinct
        declared_lists.customer_id,
        trim(lower({{ list_item('declared_lists.interests', 'positions.item_position') }})) as interest
    from declared_lists
    inner join positions
        on declared_lists.item_count >= positions.item_position
),

declared as (
    select
        customer_id,
        interest,
        true as is_declared_interest,
        false as is_category_affinity
    from declared_items
    where interest <> ''
),

affinities as (
    select
        customer_id,
        category as interest,
        false as is_declared_interest,
        true as is_category_affinity
    from categories
),

unioned as (
    select * from declared
    union all
    select * from affinities
),

final as (
    select
        customer_id,
        interest,
        case
            when
                max(case when is_declared_interest then 1 else 0 end) = 1
                and max(case when is_category_affinity then 1 else 0 end) = 1
                then 'both'
            when max(case when is_declared_interest then 1 else 0 end) = 1 then 'declared'
            else 'category_affinity'
        end as interest_source,
        max(case when is_declared_interest then 1 else 0 end) = 1 as is_declared_interest,
        max(case when is_category_affinity then 1 else 0 end) = 1 as is_category_affinity
    from unioned
    group by customer_id, interest
)

select * from final
