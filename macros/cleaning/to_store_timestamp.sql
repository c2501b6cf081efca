{#- The wall-clock time in the store's timezone (var `store_timezone`) of a
    UTC timestamp, as a timestamp without time zone. Compare it with
    timestamps built from store calendar dates (e.g. the end of as_of_date).
    Companion of to_store_date. -#}
{% macro to_store_timestamp(timestamp_expression) -%}
    {%- if var('store_timezone') | upper == 'UTC' -%}
        cast({{ timestamp_expression }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        {{ return(adapter.dispatch('to_store_timestamp', 'shop_segments')(timestamp_expression)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__to_store_timestamp(timestamp_expression) -%}
    cast(({{ timestamp_expression }} at time zone 'UTC') at time zone '{{ var("store_timezone") }}'
        as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro spark__to_store_timestamp(timestamp_expression) -%}
    from_utc_timestamp({{ timestamp_expression }}, '{{ var("store_timezone") }}')
{%- endmacro %}
