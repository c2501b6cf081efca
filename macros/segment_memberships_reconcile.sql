{#- Generic test on fct_segment_memberships: for every named segment, the
    number of members with family 'named' equals the row count of its mart
    seg_<key> (so no member is lost or duplicated between the marts and the
    long table), and no 'named' segment of the membership lacks a mart.
    Returns one row per segment that differs. -#}
{% test segment_memberships_reconcile(model) %}

with

{% for segment_key in named_segment_keys() %}
seg_{{ segment_key }} as (
    select count(*) as row_count from {{ ref('seg_' ~ segment_key) }}
),
{% endfor %}

mart_counts as (
    {%- for segment_key in named_segment_keys() %}
    select
        '{{ segment_key }}' as segment,
        row_count
    from seg_{{ segment_key }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

membership_counts as (
    select
        segment,
        count(*) as row_count
    from {{ model }}
    where family = 'named'
    group by segment
)

select
    coalesce(mart_counts.segment, membership_counts.segment) as segment,
    mart_counts.row_count as mart_row_count,
    membership_counts.row_count as membership_row_count
from mart_counts
full outer join membership_counts
    on mart_counts.segment = membership_counts.segment
where
    mart_counts.segment is null
    or membership_counts.segment is null and mart_counts.row_count > 0
    or mart_counts.row_count <> membership_counts.row_count

{% endtest %}
