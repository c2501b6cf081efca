{#- One row per registered customer with their interests (SEGMENTS.md,
    "interest": declared interests plus the product categories with at least
    category_affinity_share of their product views or units):
    - interests: int_customer_interests_combined as one normalised list —
      lower case, de-duplicated, sorted alphabetically, comma-separated with
      no blanks (`running,yoga`); null when the customer has none. Test
      membership with `',' || interests || ',' like '%,yoga,%'`;
    - affinity_categories: the qualifying categories alone, same format;
    - top_affinity_category: the strongest category (affinity_rank 1 of
      int_categories_aggregated_to_customers) when it qualifies. -#}

with

customers as (
    select * from {{ ref('int_customers_registered_as_of') }}
),

interests as (
    select * from {{ ref('int_customer_interests_combined') }}
),

categories as (
    select * from {{ ref('int_categories_aggregated_to_customers') }}
),

interest_lists as (
    select
        customer_id,
        {{ dbt.listagg('interest', "','", 'order by interest') }} as interests,
        count(*) as interest_count
    from interests
    group by customer_id
),

affinity_lists as (
    select
        customer_id,
        {{ dbt.listagg('interest', "','", 'order by interest') }} as affinity_categories,
        count(*) as affinity_category_count
    from interests
    where is_category_affinity
    group by customer_id
),

top_categories as (
    select
        customer_id,
        category as top_affinity_category
    from categories
    where affinity_rank = 1 and is_affinity_category
),

final as (
    select
        customers.customer_id,
        customers.interests as declared_interests,
        affinity_lists.affinity_categories,
        top_categories.top_affinity_category,
        interest_lists.interests,
        case
            when customers.interests is null then 0
            else {{ dbt.length('customers.interests') }} - {{ dbt.length("replace(customers.interests, ',', '')") }} + 1
        end as declared_interest_item_count,
        coalesce(affinity_lists.affinity_category_count, 0) as affinity_category_count,
        coalesce(interest_lists.interest_count, 0) as interest_count
    from customers
    left join interest_lists
        on customers.customer_id = interest_lists.customer_id
    left join affinity_lists
        on customers.customer_id = affinity_lists.customer_id
    left join top_categories
        on customers.customer_id = top_categories.customer_id
)

select * from final
