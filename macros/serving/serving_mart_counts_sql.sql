{#- The select of a snapshot's build_metadata_marts table: one row per mart
    with build_id, schema_name and mart_name (as in the build), its
    materialization in the build and its row_count, counted in the snapshot.
    `snapshot_schemas` maps each mart schema of the build to the quoted name of
    the snapshot's schema that holds its copy. -#}
{% macro serving_mart_counts_sql(build_id, marts, snapshot_schemas) -%}
    {%- for node in marts %}
    select
        cast('{{ build_id }}' as {{ dbt.type_string() }}) as build_id,
        cast('{{ node.schema }}' as {{ dbt.type_string() }}) as schema_name,
        cast('{{ node.alias }}' as {{ dbt.type_string() }}) as mart_name,
        cast('{{ node.config.materialized }}' as {{ dbt.type_string() }}) as build_materialization,
        count(*) as row_count
    from {{ snapshot_schemas[node.schema] }}.{{ adapter.quote(node.alias) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
