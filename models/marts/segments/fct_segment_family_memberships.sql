{#- The segment-family part of the membership table (SEGMENTS.md, "Segment
    families"): one row per (customer, family, segment) as of as_of_date, for
    every item of this model's meta.segment_families (segment_families()).

    - family = the item's name, segment = the customer's value of its column
      of dim_customers; a null value is no membership.
    - a list family (interest, tag: comma lists interests, tags) gives one row
      per distinct item, trimmed and in lower case; an empty item is none.

    fct_segment_memberships unions these rows with the members of every
    segment mart. -#}

{%- set families = segment_families() %}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

value_memberships as (
    {%- for family in families if not family.is_list %}
    select
        customer_id,
        '{{ family.family }}' as family,
        cast({{ family.column }} as {{ dbt.type_string() }}) as segment,
        as_of_date
    from customers
    where {{ family.column }} is not null
    union all
    {%- endfor %}
    select
        customer_id,
        'none' as family,
        cast(null as {{ dbt.type_string() }}) as segment,
        as_of_date
    from customers
    where 1 = 0
),

list_items as (
    {%- for family in families if family.is_list %}
    select
        customer_id,
        '{{ family.family }}' as family,
        {{ split_to_rows(family.column) }} as item,
        as_of_date
    from customers
    where {{ family.column }} is not null
    union all
    {%- endfor %}
    select
        customer_id,
        'none' as family,
        cast(null as {{ dbt.type_string() }}) as item,
        as_of_date
    from customers
    where 1 = 0
),

list_memberships as (
    select distinct
        customer_id,
        family,
        lower(trim(item)) as segment,
        as_of_date
    from list_items
    where trim(item) <> ''
),

unioned as (
    select * from value_memberships
    union all
    select * from list_memberships
),

final as (
    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(family as {{ dbt.type_string() }}) as family,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(as_of_date as date) as as_of_date
    from unioned
)

select * from final
