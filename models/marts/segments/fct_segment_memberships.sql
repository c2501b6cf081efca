{#- The long membership table (SEGMENTS.md, "Outputs BI and CI rely on"): one
    row per (member, family, segment) as of as_of_date.

    - family 'named': the members of every named segment mart seg_<key>
      (segment = key); anonymous_visitors rows carry visitor_id instead of
      customer_id. The marts are ref'd in a loop over named_segment_keys(), so
      dbt knows these dependencies at parse time.
    - family 'custom': the members of every custom segment mart seg_<key>
      (segment = key), generated from segments/custom/<key>.yml and ref'd in a
      loop over custom_segment_keys(), so a new segment file needs no edit of
      this model.
    - one family per profile column of dim_customers (SEGMENTS.md, "Segment
      families"): family = column name, segment = the customer's value; a null
      value is no membership. interest and tag are comma lists in the profile
      (columns interests, tags): one row per distinct item, trimmed and in
      lower case. -#}

{%- set scalar_families = [
    'recency_bucket',
    'rfm_group',
    'acquisition_channel',
    'primary_device_type',
    'primary_os',
    'primary_browser',
    'country_code',
    'region',
    'continent',
    'language_code',
    'age_band',
    'gender',
    'income_band',
    'email_domain',
    'account_status',
    'email_marketing_consent',
    'industry',
    'company_size_band',
    'engagement_level',
] -%}
{%- set list_families = {'interest': 'interests', 'tag': 'tags'} -%}
{%- set visitor_keys = visitor_segment_keys() -%}
{%- set custom_keys = custom_segment_keys() %}

with

customers as (
    select * from {{ ref('dim_customers') }}
),
{% for segment_key in named_segment_keys() %}
seg_{{ segment_key }} as (
    select * from {{ ref('seg_' ~ segment_key) }}
),
{% endfor %}
{%- for segment_key in custom_keys %}
seg_{{ segment_key }} as (
    select * from {{ ref('seg_' ~ segment_key) }}
),
{% endfor %}
named_memberships as (
    {%- for segment_key in named_segment_keys() %}
    select
        {%- if segment_key in visitor_keys %}
        cast(null as {{ dbt.type_string() }}) as customer_id,
        visitor_id,
        {%- else %}
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        {%- endif %}
        'named' as family,
        '{{ segment_key }}' as segment,
        as_of_date
    from seg_{{ segment_key }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

custom_memberships as (
    {%- for segment_key in custom_keys %}
    select
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        'custom' as family,
        '{{ segment_key }}' as segment,
        as_of_date
    from seg_{{ segment_key }}
    union all
    {%- endfor %}
    select
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        'custom' as family,
        cast(null as {{ dbt.type_string() }}) as segment,
        as_of_date
    from customers
    where 1 = 0
),

value_memberships as (
    {%- for column_name in scalar_families %}
    select
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        '{{ column_name }}' as family,
        cast({{ column_name }} as {{ dbt.type_string() }}) as segment,
        as_of_date
    from customers
    where {{ column_name }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

list_items as (
    {%- for family, column_name in list_families.items() %}
    select
        customer_id,
        '{{ family }}' as family,
        {{ split_to_rows(column_name) }} as item,
        as_of_date
    from customers
    where {{ column_name }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

list_memberships as (
    select distinct
        customer_id,
        cast(null as {{ dbt.type_string() }}) as visitor_id,
        family,
        lower(trim(item)) as segment,
        as_of_date
    from list_items
    where trim(item) <> ''
),

unioned as (
    select * from named_memberships
    union all
    select * from custom_memberships
    union all
    select * from value_memberships
    union all
    select * from list_memberships
),

final as (
    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(visitor_id as {{ dbt.type_string() }}) as visitor_id,
        cast(family as {{ dbt.type_string() }}) as family,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(as_of_date as date) as as_of_date
    from unioned
)

select * from final
