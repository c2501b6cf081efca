{#- The accepted page views, read once and aggregated to one row per
    (session_id, viewed_date, viewed_product_id): what the customer-level
    page view models need, with no dependency on as_of_date, so that no
    model reads the page views row by row a second time.
    - viewed_product_id: the product of a product view (page type `product`
      with a product_id); null for every other page view, which are grouped
      together per session and day.
    - The longest view of the group: the view with the longest
      time_on_page_seconds (ties: latest viewed_at, then page_view_id), among
      the views whose time is known. Readers that pick the longest view over
      several groups with the same order get the view the rows would give,
      and a condition `time on page ≥ threshold` holds for some view of a
      group exactly when it holds for its longest view. -#}

with

page_views as (
    select * from {{ ref('stg_shop__page_views') }}
),

classified as (
    select
        page_view_id,
        session_id,
        viewed_date,
        case
            when page_type = 'product' and product_id is not null then product_id
        end as viewed_product_id,
        product_id,
        page_path,
        time_on_page_seconds,
        viewed_at
    from page_views
),

ranked as (
    select
        page_view_id,
        session_id,
        viewed_date,
        viewed_product_id,
        product_id,
        page_path,
        time_on_page_seconds,
        viewed_at,
        row_number() over (
            partition by session_id, viewed_date, viewed_product_id
            order by
                case when time_on_page_seconds is null then 1 else 0 end asc,
                time_on_page_seconds desc,
                viewed_at desc,
                page_view_id asc
        ) as dwell_rank
    from classified
),

final as (
    select
        session_id,
        viewed_date,
        viewed_product_id,
        count(*) as page_view_count,
        max(time_on_page_seconds) as longest_time_on_page_seconds,
        max(viewed_at) as last_viewed_at,
        max(case when dwell_rank = 1 and time_on_page_seconds is not null then page_view_id end)
            as longest_page_view_id,
        max(case when dwell_rank = 1 and time_on_page_seconds is not null then product_id end)
            as longest_view_product_id,
        max(case when dwell_rank = 1 and time_on_page_seconds is not null then page_path end)
            as longest_view_page_path,
        max(case when dwell_rank = 1 and time_on_page_seconds is not null then viewed_at end)
            as longest_view_viewed_at
    from ranked
    group by session_id, viewed_date, viewed_product_id
)

select * from final
