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
