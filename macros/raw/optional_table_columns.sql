{#- The RAW_CONTRACT.md columns of each optional raw table, used to stand in
    an empty relation when the table is switched off (see raw_source). The
    optional `_loaded_at` that every table may carry is among them, since
    the event base models read it. -#}
{% macro optional_table_columns(table_name) -%}
    {%- set columns = {
        'sessions': [
            'session_id', 'visitor_id', 'customer_id', 'started_at', 'ended_at', 'utm_source',
            'utm_medium', 'utm_campaign', 'referrer', 'landing_page', 'device_type', 'os',
            'browser', 'country', 'city'
        ],
        'page_views': [
            'page_view_id', 'session_id', 'viewed_at', 'page_type', 'page_path', 'product_id',
            'time_on_page_seconds'
        ],
        'checkouts': [
            'checkout_id', 'customer_id', 'email', 'session_id', 'created_at',
            'completed_order_id', 'cart_amount', 'currency'
        ],
        'email_events': ['event_id', 'customer_id', 'email', 'campaign_id', 'event_type', 'occurred_at'],
        'companies': ['company_id', 'name', 'industry', 'employee_count', 'annual_revenue', 'country'],
    } -%}
    {%- if table_name not in columns -%}
        {{ exceptions.raise_compiler_error("'" ~ table_name ~ "' is not an optional raw table; it cannot be switched off.") }}
    {%- endif -%}
    {{ return(columns[table_name] + ['_loaded_at']) }}
{%- endmacro %}
