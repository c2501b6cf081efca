{#- The calendar date of a UTC timestamp in the store's timezone
    (var `store_timezone`), which defines "days" for every window. -#}
{% macro to_store_date(timestamp_expression) -%}
    {%- if var('store_timezone') | upper == 'UTC' -%}
        cast({{ timestamp_expression }} as date)
    {%- else -%}
        {{ return(adapter.dispatch('to_store_date', 'shop_segments')(timestamp_expression)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__to_store_date(timestamp_expression) -%}
    cast(({{ timestamp_expression }} at time zone 'UTC') at time zone '{{ var("store_timezone") }}' as date)
{%- endmacro %}

{% macro spark__to_store_date(timestamp_expression) -%}
    cast(from_utc_timestamp({{ timestamp_expression }}, '{{ var("store_timezone") }}') as date)
{%- endmacro %}
