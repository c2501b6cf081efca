{#- The materialization of the four event base models: `incremental` when
    var `incremental_events` is true and the engine has delete+insert
    (DuckDB, PostgreSQL), else `table`. Spark (OSS dbt-spark, Parquet tables)
    has no delete+insert, so it always rebuilds the table. Called from each
    model's config(): dbt renders dbt_project.yml with the command line's vars
    only, so a var set in its `vars:` block would not reach a folder config
    there. -#}
{% macro event_table_materialization() -%}
    {{ return(adapter.dispatch('event_table_materialization', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__event_table_materialization() -%}
    {{ return('incremental' if var('incremental_events') else 'table') }}
{%- endmacro %}

{% macro spark__event_table_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
