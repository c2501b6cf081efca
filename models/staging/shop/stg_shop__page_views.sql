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
