{#- The most popular products of every segment, the view BI tools read
    (SEGMENTS.md, "Outputs BI and CI rely on"). The ranking itself is
    computed once per build in fct_segment_product_rankings. -#}

{{ config(materialized='view') }}

with

rankings as (
    select * from {{ ref('fct_segment_product_rankings') }}
),

final as (
    select * from rankings
)

select * from final
