{#- A post-hook (dbt_project.yml) that gives the planner statistics on the
    table a model or seed has just written. PostgreSQL only gathers them in
    the background, minutes later: a fresh table is planned from guesses, and
    a guess of thousands of rows for a one-row table turns a join into a
    nested loop that runs for minutes. Other engines need nothing here. -#}
{% macro refresh_statistics() -%}
    {{ return(adapter.dispatch('refresh_statistics', 'shop_segments')()) }}
{%- endmacro %}

{% macro default__refresh_statistics() -%}
{%- endmacro %}

{% macro postgres__refresh_statistics() -%}
    {%- if config.get('materialized') in ['table', 'incremental', 'seed'] -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
