{#- The segment catalog as a table: one row per segment mart (family named or
    custom, from segment_marts(): the YAML meta of each seg_<key>) and one
    per segment family (family 'family', from segment_families(): the meta
    of fct_segment_memberships), with their member counts as of as_of_date.

    - named / custom rows: member_count = members of the segment in
      fct_segment_memberships (0 when empty); model_name = its mart;
      predicate = the query of a custom segment (segment query language).
    - family rows (segment_key = the family): member_count = customers with a
      value in that family, value_count = number of distinct values (each
      value is a segment of fct_segment_memberships). -#}

{%- set catalog = [] -%}
{%- for mart in segment_marts() -%}
    {%- do catalog.append({
        'segment_key': mart.key, 'family': mart.family, 'model_name': mart.model,
        'description': mart.description, 'recommended_action': mart.recommended_action,
        'activation_channel': mart.activation_channel, 'predicate': mart.query,
    }) -%}
{%- endfor -%}
{%- for family in segment_families() -%}
    {%- do catalog.append({
        'segment_key': family.family, 'family': 'family', 'model_name': none,
        'description': family.description, 'recommended_action': family.recommended_action,
        'activation_channel': family.activation_channel, 'predicate': none,
    }) -%}
{%- endfor %}

with

memberships as (
    select * from {{ ref('fct_segment_memberships') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

segments as (
    {%- for row in catalog %}
    select
        {%- for column in ['segment_key', 'family', 'model_name', 'description', 'recommended_action',
            'activation_channel', 'predicate'] %}
        cast(
            {{ 'null' if row[column] is none else string_literal(row[column]) }} as {{ dbt.type_string() }}
        ) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as segment_key,
        cast(null as {{ dbt.type_string() }}) as family,
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as description,
        cast(null as {{ dbt.type_string() }}) as recommended_action,
        cast(null as {{ dbt.type_string() }}) as activation_channel,
        cast(null as {{ dbt.type_string() }}) as predicate
    from as_of
    where 1 = 0
),

segment_counts as (
    select
        family,
        segment as segment_key,
        count(*) as member_count,
        cast(null as {{ dbt.type_bigint() }}) as value_count
    from memberships
    where family in ('named', 'custom')
    group by family, segment
),

family_counts as (
    select
        'family' as family,
        family as segment_key,
        count(distinct coalesce(customer_id, visitor_id)) as member_count,
        count(distinct segment) as value_count
    from memberships
    where family not in ('named', 'custom')
    group by family
),

counts as (
    select * from segment_counts
    union all
    select * from family_counts
),

final as (
    select
        segments.segment_key,
        segments.family,
        segments.model_name,
        segments.description,
        segments.recommended_action,
        segments.activation_channel,
        segments.predicate,
        cast(coalesce(counts.member_count, 0) as {{ dbt.type_bigint() }}) as member_count,
        cast(
            case when segments.family = 'family' then coalesce(counts.value_count, 0) end
            as {{ dbt.type_bigint() }}
        ) as value_count,
        as_of.as_of_date
    from segments
    cross join as_of
    left join counts
        on
            segments.family = counts.family
            and segments.segment_key = counts.segment_key
)

select * from final
