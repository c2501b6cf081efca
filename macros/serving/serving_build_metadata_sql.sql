{#- The select of a snapshot's build_metadata table (one row), shared by the
    adapters' publish_serving_snapshot: build_id, as_of_date (read from model
    int_as_of_date of the build), build_started_at (run_started_at) and
    build_finished_at (`finished_at`, when the hook started) in UTC,
    git_commit, dbt_version, adapter_type, adapter_version, engine_version,
    target_name, git_worktree_dirty, the counts of serving_results_summary and
    mart_count. `environment` holds what only the adapter knows: git_commit,
    git_worktree_dirty, adapter_version, engine_version (each may be none). -#}
{% macro serving_build_metadata_sql(build_id, finished_at, results, marts, environment) -%}
    {%- set as_of = graph.nodes['model.' ~ project_name ~ '.int_as_of_date'] -%}
    {%- set text_values = {
        'git_commit': environment.get('git_commit'),
        'dbt_version': dbt_version,
        'adapter_type': adapter.type(),
        'adapter_version': environment.get('adapter_version'),
        'engine_version': environment.get('engine_version'),
        'target_name': target.name,
    } -%}
    {%- set dirty = environment.get('git_worktree_dirty') -%}
    select
        cast('{{ build_id }}' as {{ dbt.type_string() }}) as build_id,
        (
            select max(as_of_date)
            from {{ api.Relation.create(database=as_of.database, schema=as_of.schema, identifier=as_of.alias) }}
        ) as as_of_date,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }}) as build_started_at,
        cast('{{ finished_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }}) as build_finished_at,
        {%- for name, value in text_values.items() %}
        cast({{ "null" if value is none else "'" ~ (value | string | replace("'", "''")) ~ "'" }}
            as {{ dbt.type_string() }}) as {{ name }},
        {%- endfor %}
        cast({{ "null" if dirty is none else dirty }} as {{ dbt.type_boolean() }}) as git_worktree_dirty,
        {%- for name, count in serving_results_summary(results).items() %}
        cast({{ count }} as {{ dbt.type_bigint() }}) as {{ name }},
        {%- endfor %}
        cast({{ marts | length }} as {{ dbt.type_bigint() }}) as mart_count
{%- endmacro %}
