{#- The on-run-end hook of dbt_project.yml: write-audit-publish of the marts
    (README, "Serving the marts to BI tools").

    When serving_publish_blocker finds nothing against it (a full `dbt build`
    in which every node succeeded), the marts become one new snapshot that BI
    tools read; otherwise one line says why nothing was published, and the
    previous snapshot stays as it was. -#}
{% macro publish_serving_snapshot(results) -%}
    {{ return(adapter.dispatch('publish_serving_snapshot', 'shop_segments')(results)) }}
{%- endmacro %}

{% macro default__publish_serving_snapshot(results) -%}
    {%- if execute -%}
        {{ log(
            'Did not publish a serving snapshot: not implemented on ' ~ adapter.type()
            ~ ' yet (README, "Serving the marts to BI tools").', info=True
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- DuckDB: the build database is written only by dbt; the serving database
    is another file, replaced whole. Steps: the plugin shopseg.serving.dbt_plugin
    gives a temporary path beside the serving file; every mart
    (serving_mart_nodes, views included) is copied there as a table under its
    own schema and name, with build_metadata (one row: build id = dbt's
    invocation_id, as_of_date, timestamps in UTC, git commit, versions, the
    run's counts from serving_results_summary) and build_metadata_marts (one
    row per mart: row count); the file is checkpointed and detached; then the
    plugin writes the activation exports from it and renames it over the
    serving file. -#}
{% macro duckdb__publish_serving_snapshot(results) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set blocker = serving_publish_blocker(results) -%}
    {%- if blocker -%}
        {{ log('Did not publish the serving snapshot: ' ~ blocker ~ '.', info=True) }}
        {{ return('') }}
    {%- endif -%}
    {%- set plugin_functions = run_query(
        "select count(*) from duckdb_functions() where function_name = 'shopseg_serving_prepare'"
    ).columns[0].values()[0] -%}
    {%- if plugin_functions == 0 -%}
        {{ log(
            'Did not publish the serving snapshot: the profile does not load the dbt-duckdb plugin'
            ~ ' shopseg.serving.dbt_plugin (see profiles.yml).', info=True
        ) }}
        {{ return('') }}
    {%- endif -%}

    {%- set finished_at = modules.datetime.datetime.utcnow() -%}
    {%- set build_id = invocation_id -%}
    {%- set prepared = fromjson(
        run_query("select shopseg_serving_prepare('" ~ build_id ~ "')").columns[0].values()[0]
    ) -%}
    {%- set marts = serving_mart_nodes() -%}
    {%- set as_of = graph.nodes['model.' ~ project_name ~ '.int_as_of_date'] -%}
    {%- set schemas = marts | map(attribute='schema') | unique | list -%}
    {%- set summary = serving_results_summary(results) -%}
    {%- set snapshot = 'shopseg_serving_snapshot' -%}
    {%- set text_values = {
        'git_commit': prepared.git_commit,
        'dbt_version': dbt_version,
        'adapter_type': adapter.type(),
        'adapter_version': prepared.adapter_version,
        'engine_version': prepared.duckdb_version,
        'target_name': target.name,
    } -%}

    {%- set copy_sql -%}
        attach '{{ prepared.snapshot_path | replace("'", "''") }}' as {{ snapshot }};
        {%- for schema in schemas %}
        create schema {{ snapshot }}.{{ adapter.quote(schema) }};
        {%- endfor %}
        {%- for node in marts %}
        create table {{ snapshot }}.{{ adapter.quote(node.schema) }}.{{ adapter.quote(node.alias) }} as
        select * from {{ adapter.quote(node.database) }}.{{ adapter.quote(node.schema) }}.{{ adapter.quote(node.alias) }};
        {%- endfor %}
        {%- for schema in schemas %}
        create table {{ snapshot }}.{{ adapter.quote(schema) }}.build_metadata as
        select
            '{{ build_id }}' as build_id,
            (
                select max(as_of_date)
                from {{ adapter.quote(as_of.database) }}.{{ adapter.quote(as_of.schema) }}.{{ adapter.quote(as_of.alias) }}
            ) as as_of_date,
            cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as build_started_at,
            cast('{{ finished_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as build_finished_at,
            {%- for name, value in text_values.items() %}
            cast({{ "null" if value is none else "'" ~ (value | string | replace("'", "''")) ~ "'" }}
                as varchar) as {{ name }},
            {%- endfor %}
            cast({{ "null" if prepared.git_worktree_dirty is none else prepared.git_worktree_dirty }}
                as boolean) as git_worktree_dirty,
            {%- for name, count in summary.items() %}
            cast({{ count }} as bigint) as {{ name }},
            {%- endfor %}
            cast({{ marts | length }} as bigint) as mart_count;
        create table {{ snapshot }}.{{ adapter.quote(schema) }}.build_metadata_marts as
        {%- for node in marts %}
        select
            '{{ build_id }}' as build_id,
            '{{ node.schema }}' as schema_name,
            '{{ node.alias }}' as mart_name,
            '{{ node.config.materialized }}' as build_materialization,
            count(*) as row_count
        from {{ snapshot }}.{{ adapter.quote(node.schema) }}.{{ adapter.quote(node.alias) }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %};
        {%- endfor %}
        detach {{ snapshot }};
    {%- endset -%}
    {%- do run_query(copy_sql) -%}

    {%- set published = fromjson(
        run_query("select shopseg_serving_publish('" ~ build_id ~ "')").columns[0].values()[0]
    ) -%}
    {{ log(
        'Published the serving snapshot ' ~ published.serving_path ~ ' (build ' ~ build_id ~ ', as_of_date '
        ~ published.as_of_date ~ ', ' ~ marts | length ~ ' marts) and ' ~ published.export_files
        ~ ' activation export files in ' ~ published.exports_path ~ ', in '
        ~ '%.1f' | format((modules.datetime.datetime.utcnow() - finished_at).total_seconds()) ~ ' s.',
        info=True
    ) }}
{%- endmacro %}
