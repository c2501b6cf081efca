{#- Segment b2b_customers (SEGMENTS.md, "Named segments"): accounts linked to
    a company (company_id set), with the company's firmographics when the
    companies table knows it. -#}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        company_id,
        industry,
        company_size_band,
        cast(employee_count as {{ dbt.type_int() }}) as employee_count,
        as_of_date
    from customers
    where is_b2b
)

select * from final
