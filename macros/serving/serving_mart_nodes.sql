{#- The marts a serving snapshot holds: every enabled, non-ephemeral model
    under models/marts/ (the `marts` folder of the project, the same set as
    selector `marts` without its parents), sorted by schema and name. Read from
    the graph, so a table left in the build database by a model that no
    longer exists is never published. Each item is the graph node. -#}
{% macro serving_mart_nodes() -%}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='name') -%}
        {%- if node.resource_type == 'model' and node.package_name == project_name
            and node.fqn | length > 2 and node.fqn[1] == 'marts'
            and node.config.enabled and node.config.materialized != 'ephemeral' -%}
            {%- do marts.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(marts | sort(attribute='schema')) }}
{%- endmacro %}
