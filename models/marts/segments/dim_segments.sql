{#- The segment catalog as a table: one row per named segment and per
    segment family (seed segment_catalog) and one per custom segment
    (custom_segment_catalog(), generated from segments/custom/<key>.yml, with
    its query in the segment query language as predicate), with their member
    counts as of as_of_date.

    - named / custom rows: member_count = members of the segment in
      fct_segment_memberships (0 when empty); model_name = its mart.
    - family rows (segment_key = the profile column): member_count = customers
      with a value in that family, value_count = number of distinct values
      (each value is a segment of fct_segment_memberships). -#}

{%- set custom_segments = custom_segment_catalog() %}

with

catalog as (
    select * from {{ ref('segment_catalog') }}
),

memberships as (
    select * from {{ ref('fct_segment_memberships') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

catalog_segments as (
    select
        cast(segment_key as {{ dbt.type_string() }}) as segment_key,
        cast(family as {{ dbt.type_string() }}) as family,
        cast(
            case when family = 'named' then {{ dbt.concat(["'seg_'", 'segment_key']) }} end
            as {{ dbt.type_string() }}
        ) as model_name,
        cast(description as {{ dbt.type_string() }}) as description,
        cast(recommended_action as {{ dbt.type_string() }}) as recommended_action,
        cast(activation_channel as {{ dbt.type_string() }}) as activation_channel,
        cast(null as {{ dbt.type_string() }}) as predicate
    from catalog
),

custom_segments as (
    {%- for custom in custom_segments %}
    select
        '{{ custom.segment_key }}' as segment_key,
        'custom' as family,
        'seg_{{ custom.segment_key }}' as model_name,
        '{{ custom.description | replace("'", "''") }}' as description,
        '{{ custom.recommended_action | replace("'", "''") }}' as recommended_action,
        '{{ custom.activation_channel }}' as activation_channel,
        '{{ custom.query | replace("'", "''") }}' as predicate
    union all
    {%- endfor %}
    select
        segment_key,
        family,
        model_name,
        description,
        recommended_action,
        activation_channel,
        predicate
    from catalog_segments
    where 1 = 0
),

segments as (
    select * from catalog_segments
    union all
    select * from custom_segments
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
