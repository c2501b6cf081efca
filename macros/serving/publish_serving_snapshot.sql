{#- The on-run-end hook of dbt_project.yml: write-audit-publish of the marts
    (README, "Serving the marts to BI tools").

    When serving_publish_blocker finds nothing against it (a full `dbt build`
    in which every node succeeded), the marts become one new snapshot that BI
    tools read; otherwise one line says why nothing was published, and the
    previous snapshot stays as it was. -#}
{% macro publish_serving_snapshot(results) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set blocker = serving_publish_blocker(results) -%}
    {%- if blocker -%}
        {{ log('Did not publish the serving snapshot: ' ~ blocker ~ '.', info=True) }}
        {{ return('') }}
    {%- endif -%}
    {{ return(adapter.dispatch('publish_serving_snapshot', 'shop_segments')(results)) }}
{%- endmacro %}

{#- The adapters' implementations run only after the gate above let the build
    publish. -#}

{% macro default__publish_serving_snapshot(results) -%}
    {{ log(
        'Did not publish a serving snapshot: not implemented on ' ~ adapter.type()
        ~ ' yet (README, "Serving the marts to BI tools").', info=True
    ) }}
{%- endmacro %}

{#- DuckDB: the build database is written only by dbt; the serving database
    is another file, replaced whole. Steps: the plugin shopseg.serving.dbt_plugin
    gives a temporary path beside the serving file; every mart
    (serving_mart_nodes, views included) is copied there as a table under its
    own schema and name, with build_metadata (one row: build id = dbt's
    invocation_id, as_of_date, timestamps in UTC, git commit, versions, the
    run's counts from serving_results_summary) and build_metadata_marts (one
    row per mart: row count); the file is detached, which checkpoints it; then the
    plugin writes the activation exports from it and renames it over the
    serving file. -#}
{% macro duckdb__publish_serving_snapshot(results) -%}
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
    {%- set snapshot = 'shopseg_serving_snapshot' -%}
    {%- set snapshot_schemas = {} -%}
    {%- for node in marts -%}
        {%- do snapshot_schemas.update({node.schema: snapshot ~ '.' ~ adapter.quote(node.schema)}) -%}
    {%- endfor -%}
    {%- set environment = {
        'git_commit': prepared.git_commit,
        'git_worktree_dirty': prepared.git_worktree_dirty,
        'adapter_version': prepared.adapter_version,
        'engine_version': prepared.duckdb_version,
    } -%}

    {%- set copy_sql -%}
        attach '{{ prepared.snapshot_path | replace("'", "''") }}' as {{ snapshot }};
        {%- for schema in snapshot_schemas.values() %}
        create schema {{ schema }};
        {%- endfor %}
        {%- for node in marts %}
        create table {{ snapshot_schemas[node.schema] }}.{{ adapter.quote(node.alias) }} as
        select * from {{ adapter.quote(node.database) }}.{{ adapter.quote(node.schema) }}.{{ adapter.quote(node.alias) }};
        {%- endfor %}
        {%- for schema in snapshot_schemas.values() %}
        create table {{ schema }}.build_metadata as
        {{ serving_build_metadata_sql(build_id, finished_at, results, marts, environment) }};
        create table {{ schema }}.build_metadata_marts as
        {{ serving_mart_counts_sql(build_id, marts, snapshot_schemas) }};
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

{#- PostgreSQL: one database, so the serving snapshot is a schema, env var
    SERVING_SCHEMA (default: the marts schema + `_serving`, e.g.
    analytics_marts_serving), that BI tools read. In one transaction: the
    snapshot retired by the previous publish is dropped, every mart is copied
    as a table into the shadow schema <serving>__publishing with
    build_metadata and build_metadata_marts, then the serving schema is
    renamed to <serving>__retired and the shadow schema to <serving>. Before
    the renames the serving tables are locked (lock_timeout 60 s): queries
    running on them finish first, queries arriving wait for the commit (a
    moment) and then resolve their table names in the new snapshot, so a query
    reads one snapshot, never a mix. The retired snapshot is dropped at the
    next publish. A failure (or the lock timeout) rolls everything back. A
    hook cannot write files on PostgreSQL: the activation exports are written
    from the serving schema afterwards by shopseg.serving.server_exports. -#}
{% macro postgres__publish_serving_snapshot(results) -%}
    {%- set finished_at = modules.datetime.datetime.utcnow() -%}
    {%- set build_id = invocation_id -%}
    {%- set marts = serving_mart_nodes() -%}
    {%- set serving = serving_schema(marts) -%}
    {%- set shadow = adapter.quote(serving ~ '__publishing') -%}
    {%- set retired = adapter.quote(serving ~ '__retired') -%}
    {%- set serving_exists = run_query(
        "select count(*) from information_schema.schemata where schema_name = '" ~ serving ~ "'"
    ).columns[0].values()[0] > 0 -%}
    {%- set serving_tables = run_query(
        "select table_name from information_schema.tables where table_schema = '" ~ serving ~ "' order by 1"
    ).columns[0].values() -%}
    {%- set engine_version = run_query('select version()').columns[0].values()[0] -%}

    {%- set publish_sql -%}
        begin;
        drop schema if exists {{ shadow }} cascade;
        drop schema if exists {{ retired }} cascade;
        create schema {{ shadow }};
        {%- for node in marts %}
        create table {{ shadow }}.{{ adapter.quote(node.alias) }} as
        select * from {{ adapter.quote(node.database) }}.{{ adapter.quote(node.schema) }}.{{ adapter.quote(node.alias) }};
        {%- endfor %}
        create table {{ shadow }}.build_metadata as
        {{ serving_build_metadata_sql(build_id, finished_at, results, marts, {'engine_version': engine_version}) }};
        create table {{ shadow }}.build_metadata_marts as
        {{ serving_mart_counts_sql(build_id, marts, {marts[0].schema: shadow}) }};
        {%- if serving_exists %}
        {%- if serving_tables %}
        set local lock_timeout = '60s';
        lock table
            {%- for table in serving_tables %}
            {{ adapter.quote(serving) }}.{{ adapter.quote(table) }}{{ ',' if not loop.last }}
            {%- endfor %}
        in access exclusive mode;
        {%- endif %}
        alter schema {{ adapter.quote(serving) }} rename to {{ retired }};
        {%- endif %}
        alter schema {{ shadow }} rename to {{ adapter.quote(serving) }};
        commit;
    {%- endset -%}
    {%- do run_query(publish_sql) -%}
    {{ log(
        'Published the serving snapshot to schema ' ~ serving ~ ' (build ' ~ build_id ~ ', ' ~ marts | length
        ~ ' marts), in ' ~ '%.1f' | format((modules.datetime.datetime.utcnow() - finished_at).total_seconds())
        ~ ' s. Exports: python -m shopseg.serving.server_exports.', info=True
    ) }}
{%- endmacro %}

{#- Spark: a metastore has no transactions and cannot rename a database, so
    the serving database (env var SERVING_SCHEMA, default: the marts schema +
    `_serving`) holds views, and each publish points them at a new snapshot
    database <serving>__<build id> of Parquet tables: every mart with
    build_metadata and build_metadata_marts, written in full first. Then every
    view is replaced (`create or replace view`: atomic per view, not across
    views, so during the switch, a few seconds, a query joining two views may
    read two builds; each view's build_metadata says which). The previous
    snapshot is kept, so that queries started on it finish; older ones are
    dropped. -#}
{% macro spark__publish_serving_snapshot(results) -%}
    {%- set finished_at = modules.datetime.datetime.utcnow() -%}
    {%- set build_id = invocation_id -%}
    {%- set marts = serving_mart_nodes() -%}
    {%- set serving = serving_schema(marts) | lower -%}
    {%- set snapshot = serving ~ '__' ~ build_id | replace('-', '') -%}
    {%- set databases = run_query('show databases').columns[0].values() -%}
    {%- set snapshots = [] -%}
    {%- for name in databases if name.startswith(serving ~ '__') -%}
        {%- do snapshots.append(name) -%}
    {%- endfor -%}
    {%- set previous = [] -%}
    {%- if serving in databases and run_query("show tables in " ~ serving ~ " like 'build_metadata'") | length > 0 -%}
        {%- do previous.append(
            serving ~ '__' ~ (run_query('select build_id from ' ~ serving ~ '.build_metadata').columns[0].values()[0]
                | replace('-', ''))
        ) -%}
    {%- endif -%}
    {%- set engine_version = run_query('select version()').columns[0].values()[0] -%}

    {%- do run_query('create database ' ~ snapshot) -%}
    {%- for node in marts -%}
        {%- do run_query(
            'create table ' ~ snapshot ~ '.' ~ adapter.quote(node.alias) ~ ' using parquet as select * from '
            ~ api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)
        ) -%}
    {%- endfor -%}
    {%- do run_query(
        'create table ' ~ snapshot ~ '.build_metadata using parquet as '
        ~ serving_build_metadata_sql(build_id, finished_at, results, marts, {'engine_version': engine_version})
    ) -%}
    {%- do run_query(
        'create table ' ~ snapshot ~ '.build_metadata_marts using parquet as '
        ~ serving_mart_counts_sql(build_id, marts, {marts[0].schema: snapshot})
    ) -%}

    {%- do run_query('create database if not exists ' ~ serving) -%}
    {%- for name in (marts | map(attribute='alias') | list) + ['build_metadata', 'build_metadata_marts'] -%}
        {%- do run_query(
            'create or replace view ' ~ serving ~ '.' ~ adapter.quote(name)
            ~ ' as select * from ' ~ snapshot ~ '.' ~ adapter.quote(name)
        ) -%}
    {%- endfor -%}
    {%- for old in snapshots if old != snapshot and old not in previous -%}
        {%- do run_query('drop database if exists ' ~ old ~ ' cascade') -%}
    {%- endfor -%}
    {{ log(
        'Published the serving snapshot to database ' ~ serving ~ ' (views on ' ~ snapshot ~ ', build ' ~ build_id
        ~ ', ' ~ marts | length ~ ' marts), in '
        ~ '%.1f' | format((modules.datetime.datetime.utcnow() - finished_at).total_seconds()) ~ ' s.', info=True
    ) }}
{%- endmacro %}
