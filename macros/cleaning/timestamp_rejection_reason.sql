{#- The rejection reason for a required timestamp column `column_name`, or
    null when it is usable: missing, unparseable, before the store opened (var
    `store_opened_date`) or more than `max_future_days` after the build
    started. The reason names the column (`invalid_timestamp:ordered_at`), see
    classify_raw_rows. -#}
{% macro timestamp_rejection_reason(raw_expression, typed_expression, column_name) -%}
    case
        when {{ typed_expression }} is null and {{ clean_text(raw_expression) }} is null
            then 'missing_required_field:{{ column_name }}'
        when {{ typed_expression }} is null then 'invalid_timestamp:{{ column_name }}'
        when {{ typed_expression }} < cast('{{ var("store_opened_date") }}' as {{ dbt.type_timestamp() }})
            then 'before_store_opened:{{ column_name }}'
        when {{ typed_expression }} > {{ dbt.dateadd('day', var('max_future_days'), build_started_at()) }}
            then 'future_timestamp:{{ column_name }}'
    end
{%- endmacro %}
