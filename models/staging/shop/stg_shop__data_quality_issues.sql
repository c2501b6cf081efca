{#- Values of descriptive columns that are present in an accepted raw row but
    cannot be read (a birth date `31/12/1990`, an end time `yesterday`, a
    load time `_loaded_at`, a country no known spelling matches). The row is kept with the value as null, and
    listed here, one row per value.
    Only the shape of the raw value is shown (`99/99/9999`): the value itself
    may be personal data. Money and quantity columns are never here: an
    unreadable amount rejects its row (stg_shop__rejected_rows). -#}
{%- set columns = [
    ('customers', 'customer_id', 'birth_date'),
    ('customers', 'customer_id', 'latitude'),
    ('customers', 'customer_id', 'longitude'),
    ('customers', 'customer_id', 'country'),
    ('orders', 'order_id', 'shipping_country'),
    ('companies', 'company_id', 'country'),
    ('sessions', 'session_id', 'ended_at'),
    ('page_views', 'page_view_id', 'time_on_page_seconds'),
    ('products', 'product_id', 'created_at'),
    ('sessions', 'session_id', '_loaded_at'),
    ('page_views', 'page_view_id', '_loaded_at'),
    ('checkouts', 'checkout_id', '_loaded_at'),
    ('email_events', 'email_event_id', '_loaded_at'),
] -%}

with

{% for table_name, key, column in columns %}
{{ table_name }}_{{ column }} as (
    select
        '{{ table_name }}' as source_table,
        cast({{ key }} as {{ dbt.type_string() }}) as record_key,
        '{{ column }}' as column_name,
        'unreadable_value' as issue,
        {{ column }}_unreadable_shape as value_shape
    from {{ ref('base_shop__' ~ table_name) }}
    where
        row_disposition = 'accepted'
        and {{ column }}_unreadable_shape is not null
),

{% endfor -%}

final as (
    {%- for table_name, key, column in columns %}
    select * from {{ table_name }}_{{ column }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
