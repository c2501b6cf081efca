{#- Where DuckDB finds a raw table's file. Must agree with `external_location`
    in models/staging/shop/_shop__sources.yml. -#}
{% macro raw_file_path(table_name) -%}
    {{ env_var('RAW_DATA_PATH', 'data/raw') }}/{{ table_name }}.{{ var('raw_file_format') }}
{%- endmacro %}
