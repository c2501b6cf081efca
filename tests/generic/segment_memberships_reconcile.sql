{#- Generic test on fct_segment_memberships: for every segment mart of
    segment_marts() (named and custom), the number of members with its family
    and key equals the row count of its mart seg_<key> (so no member is lost
    or duplicated between the marts and the long table), and no 'named' or
    'custom' segment of the membership lacks a mart. Returns one row per
    segment that differs. The marts are counted through their relation from
    the graph: the test runs after the model, which depends on all of them. -#}
{% test segment_memberships_reconcile(model) %}

{%- set marts = segment_marts() %}

with

mart_counts as (
    {%- for mart in marts %}
    select
        '{{ mart.family }}' as family,
        '{{ mart.key }}' as segment,
        count(*) as row_count
    from {{ mart.relation }}
    union all
    {%- endfor %}
    select
        family,
        segment,
        0 as row_count
    from {{ model }}
    where 1 = 0
),

membership_counts as (
    select
        family,
        segment,
        count(*) as row_count
    from {{ model }}
    where family in ('named', 'custom')
    group by family, segment
)

select
    coalesce(mart_counts.family, membership_counts.family) as family,
    coalesce(mart_counts.segment, membership_counts.segment) as segment,
    mart_counts.row_count as mart_row_count,
    membership_counts.row_count as membership_row_count
from mart_counts
full outer join membership_counts
    on
        mart_counts.family = membership_counts.family
        and mart_counts.segment = membership_counts.segment
where
    mart_counts.segment is null
    or membership_counts.segment is null and mart_counts.row_count > 0
    or mart_counts.row_count <> membership_counts.row_count

{% endtest %}
