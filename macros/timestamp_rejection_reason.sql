{#- The rejection reason for a required timestamp, or null when it is usable:
    missing, unparseable, before the store opened (var `store_opened_date`) or
    more than `max_future_days` after the build started. -#}
{% macro timestamp_rejection_reason(raw_expression, typed_expression) -%}
    case
        when {{ clean_text(raw_expression) }} is null then 'missing_required_field'
        when {{ typed_expression }} is null then 'invalid_timestamp'
        when {{ typed_expression }} < cast('{{ var("store_opened_date") }}' as {{ dbt.type_timestamp() }})
            then 'before_store_opened'
        when {{ typed_expression }} > {{ dbt.dateadd('day', var('max_future_days'), build_started_at()) }}
            then 'future_timestamp'
    end
{%- endmacro %}
