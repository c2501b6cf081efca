{#- Every rejected raw row of every table, one row each, for a single place to
    watch data quality. The per-table `_rejected` models carry the details. -#}
{%- set tables = {
    'customers': 'customer_id',
    'orders': 'order_id',
    'order_items': dbt.concat(['order_id', "'-'", 'cast(line_number as ' ~ dbt.type_string() ~ ')']),
    'products': 'product_id',
    'sessions': 'session_id',
    'page_views': 'page_view_id',
    'checkouts': 'checkout_id',
    'email_events': 'email_event_id',
    'companies': 'company_id',
} -%}

with

{% for table_name, key in tables.items() %}
{{ table_name }} as (
    select
        '{{ table_name }}' as source_table,
        cast({{ key }} as {{ dbt.type_string() }}) as record_key,
        rejection_reason,
        rejection_column
    from {{ ref('base_shop__' ~ table_name) }}
    where row_disposition = 'rejected'
),

{% endfor -%}

final as (
    {%- for table_name in tables %}
    select * from {{ table_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
