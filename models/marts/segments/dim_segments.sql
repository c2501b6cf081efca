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
        {{ string_literal(row.segment_key) }} as segment_key,
        {{ string_literal(row.family) }} as family,
        {{ 'null' if row.model_name is none else string_literal(row.model_name) }} as model_name,
        {{ string_literal(row.description) }} as description,
        {{ string_literal(row.recommended_action) }} as recommended_action,
        {{ string_literal(row.activation_channel) }} as activation_channel,
        {{ 'null' if row.predicate is none else string_literal(row.predicate) }} as predicate
    union all
    {%- endfor %}
    select
        null as segment_key,
        null as family,
        null as model_name,
        null as description,
        null as recommended_action,
        null as activation_channel,
        null as predicate
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
        cast(segments.segment_key as {{ dbt.type_string() }}) as segment_key,
        cast(segments.family as {{ dbt.type_string() }}) as family,
        cast(segments.model_name as {{ dbt.type_string() }}) as model_name,
        cast(segments.description as {{ dbt.type_string() }}) as description,
        cast(segments.recommended_action as {{ dbt.type_string() }}) as recommended_action,
        cast(segments.activation_channel as {{ dbt.type_string() }}) as activation_channel,
        cast(segments.predicate as {{ dbt.type_string() }}) as predicate,
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
