{#- The usable raw page views: one row per page_view_id, cleaned and typed. The cleaning
    rules are in base_shop__page_views (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw page views: this view (the accepted
    rows), stg_shop__page_views_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
with

page_views as (
    select * from {{ ref('base_shop__page_views') }}
    where row_disposition = 'accepted'
),

final as (
    select
        page_view_id,
        session_id,
        product_id,
        page_type,
        page_path,
        time_on_page_seconds,
        viewed_date,
        viewed_at
    from page_views
)

select * from final
