{#- Generic test on fct_segment_memberships: for every named segment and
    every custom segment, the number of members with family 'named' (or
    'custom') equals the row count of its mart seg_<key> (so no member is lost
    or duplicated between the marts and the long table), and no 'named' or
    'custom' segment of the membership lacks a mart. Returns one row per
    segment that differs. -#}
{% test segment_memberships_reconcile(model) %}

{%- set segments = [] -%}
{%- for segment_key in named_segment_keys() -%}
    {%- do segments.append(('named', segment_key)) -%}
{%- endfor -%}
{%- for segment_key in custom_segment_keys() -%}
    {%- do segments.append(('custom', segment_key)) -%}
{%- endfor %}

with

{% for family, segment_key in segments %}
seg_{{ segment_key }} as (
    select count(*) as row_count from {{ ref('seg_' ~ segment_key) }}
),
{% endfor %}

mart_counts as (
    {%- for family, segment_key in segments %}
    select
        '{{ family }}' as family,
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
