{#- How much the named and custom segments overlap: one row per ordered pair
    of segments (A, B) with members in common, with both sizes, the shared
    members, the share of A that is also in B, and the Jaccard index
    (shared / members of A or B). The diagonal (A, A) gives each segment's
    size. Visitor segments (anonymous_visitors) share no member with customer
    segments and are left out. Pivot in the BI tool for a heat map.
    Compile with `dbt compile --select segment_overlap_matrix`. -#}

with

memberships as (
    select * from {{ ref('fct_segment_memberships') }}
),

segment_members as (
    select
        customer_id,
        {{ dbt.concat(['family', "':'", 'segment']) }} as segment_name
    from memberships
    where
        family in ('named', 'custom')
        and customer_id is not null
),

segment_sizes as (
    select
        segment_name,
        count(*) as members
    from segment_members
    group by segment_name
),

shared as (
    select
        segment_a.segment_name as segment_a,
        segment_b.segment_name as segment_b,
        count(*) as shared_members
    from segment_members as segment_a
    inner join segment_members as segment_b
        on segment_a.customer_id = segment_b.customer_id
    group by segment_a.segment_name, segment_b.segment_name
),

final as (
    select
        shared.segment_a,
        shared.segment_b,
        sizes_a.members as members_a,
        sizes_b.members as members_b,
        shared.shared_members,
        1.0 * shared.shared_members / sizes_a.members as share_of_a_in_b,
        1.0 * shared.shared_members / (sizes_a.members + sizes_b.members - shared.shared_members) as jaccard_index
    from shared
    inner join segment_sizes as sizes_a
        on shared.segment_a = sizes_a.segment_name
    inner join segment_sizes as sizes_b
        on shared.segment_b = sizes_b.segment_name
)

select * from final
order by segment_a, segment_b
