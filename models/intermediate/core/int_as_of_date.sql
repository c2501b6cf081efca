{#- The one date everything is computed as of (SEGMENTS.md, "as_of_date"):
    var `as_of_date` when set, else the latest date with any order or session. -#}

with

orders as (
    select max(ordered_date) as latest_date from {{ ref('stg_shop__orders') }}
),

sessions as (
    select max(started_date) as latest_date from {{ ref('stg_shop__sessions') }}
),

final as (
    select
            {%- if var('as_of_date') %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date
        {%- else %}
        case
            when sessions.latest_date is null or orders.latest_date >= sessions.latest_date
                then orders.latest_date
            else sessions.latest_date
        end as as_of_date
        {%- endif %}
    from orders
    cross join sessions
)

select * from final
