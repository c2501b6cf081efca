{#- The usable raw companies: one row per company_id, cleaned and typed. The cleaning
    rules are in base_shop__companies (staging/shop/base/), which gives every raw
    row one disposition (accepted, rejected, collapsed) in a single pass and
    is the one stored table of the raw companies: this view (the accepted
    rows), stg_shop__companies_rejected, stg_shop__rejected_rows and the
    raw_rows_reconcile test all read that one classification. -#}
with

companies as (
    select * from {{ ref('base_shop__companies') }}
    where row_disposition = 'accepted'
),

final as (
    select
        company_id,
        company_name,
        industry,
        country_code,
        employee_count,
        annual_revenue
    from companies
)

select * from final
