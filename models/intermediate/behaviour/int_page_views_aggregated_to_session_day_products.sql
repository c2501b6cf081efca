{#- The accepted page views aggregated to one row per (session_id,
    viewed_date, viewed_product_id): what the customer-level page view
    models need, with no dependency on as_of_date, so that this is the one
    model that reads the page views row by row.
    - viewed_product_id: the product of a product view (page type `product`
      with a product_id); null for every other page view, which are grouped
      together per session and day.
    - The dwell view of a group (dwell_*): its longest view (ties: latest
      viewed_at, then page_view_id) when that view lasts at least
      dwell_minutes (5) × 60 seconds; null otherwise. A reader that picks the
      longest view of at least dwell_minutes over several groups, in that
      same order, gets the view the rows would give. Only such views are
      ranked (a few percent of the rows), and the counts take no sort.
    The page views are imported twice, the second time filtered to the views
    of at least dwell_minutes: one CTE read by both branches would be written
    out in full by DuckDB first, which costs more than a second scan. -#}

{%- set viewed_product_id =
    "case when page_type = 'product' and product_id is not null then product_id end" %}

with

page_views as (
    select * from {{ ref('stg_shop__page_views') }}
),

dwell_page_views as (
    select * from {{ ref('stg_shop__page_views') }}
    where time_on_page_seconds >= {{ var('dwell_minutes') }} * 60
),

group_counts as (
    select
        session_id,
        viewed_date,
        {{ viewed_product_id }} as viewed_product_id,
        count(*) as page_view_count,
        max(time_on_page_seconds) as longest_time_on_page_seconds,
        max(viewed_at) as last_viewed_at
    from page_views
    group by session_id, viewed_date, {{ viewed_product_id }}
),

dwell_views_ranked as (
    select
        page_view_id,
        session_id,
        viewed_date,
        {{ viewed_product_id }} as viewed_product_id,
        product_id,
        page_path,
        viewed_at,
        row_number() over (
            partition by session_id, viewed_date, {{ viewed_product_id }}
            order by time_on_page_seconds desc, viewed_at desc, page_view_id asc
        ) as dwell_rank
    from dwell_page_views
),

dwell_views as (
    select
        session_id,
        viewed_date,
        viewed_product_id,
        page_view_id,
        product_id,
        page_path,
        viewed_at
    from dwell_views_ranked
    where dwell_rank = 1
),

-- Joined in two halves, so that every join key is an equality that a hash
-- join can use on each engine (viewed_product_id is null on one half).
product_groups as (
    select
        group_counts.session_id,
        group_counts.viewed_date,
        group_counts.viewed_product_id,
        group_counts.page_view_count,
        group_counts.longest_time_on_page_seconds,
        group_counts.last_viewed_at,
        dwell_views.page_view_id as dwell_page_view_id,
        dwell_views.product_id as dwell_product_id,
        dwell_views.page_path as dwell_page_path,
        dwell_views.viewed_at as dwell_viewed_at
    from group_counts
    left join dwell_views
        on
            group_counts.session_id = dwell_views.session_id
            and group_counts.viewed_date = dwell_views.viewed_date
            and group_counts.viewed_product_id = dwell_views.viewed_product_id
    where group_counts.viewed_product_id is not null
),

other_groups as (
    select
        group_counts.session_id,
        group_counts.viewed_date,
        group_counts.viewed_product_id,
        group_counts.page_view_count,
        group_counts.longest_time_on_page_seconds,
        group_counts.last_viewed_at,
        dwell_views.page_view_id as dwell_page_view_id,
        dwell_views.product_id as dwell_product_id,
        dwell_views.page_path as dwell_page_path,
        dwell_views.viewed_at as dwell_viewed_at
    from group_counts
    left join dwell_views
        on
            group_counts.session_id = dwell_views.session_id
            and group_counts.viewed_date = dwell_views.viewed_date
            and dwell_views.viewed_product_id is null
    where group_counts.viewed_product_id is null
),

final as (
    select * from product_groups
    union all
    select * from other_groups
)

select * from final
