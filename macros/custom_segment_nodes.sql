{#- The custom segments of the project, read from the graph at execution time
    (an empty list while dbt parses): every enabled model tagged
    custom_segment, i.e. every model made by the custom_segment macro, sorted
    by name. Each item is a dict with segment_key (the model name without its
    `seg_` prefix), model_name, description, recommended_action,
    activation_channel and predicate (SQL over dim_customers columns, as
    stored in the model's meta.segment). Models that call it depend only on
    dim_customers for these segments, so adding a custom segment file needs
    no other edit. -#}
{% macro custom_segment_nodes() -%}
    {%- set segments = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() | sort(attribute='name') -%}
            {%- if node.resource_type == 'model' and 'custom_segment' in node.tags -%}
                {%- set meta = (node.config.meta or {}).get('segment') or {} -%}
                {%- if not meta.get('predicate') -%}
                    {{ exceptions.raise_compiler_error(
                        "model '" ~ node.name ~ "' is tagged custom_segment but has no meta.segment.predicate:"
                        ~ " write it as a single call of the custom_segment macro") }}
                {%- endif -%}
                {%- do segments.append({
                    'segment_key': node.name[4:] if node.name.startswith('seg_') else node.name,
                    'model_name': node.name,
                    'description': meta.get('description'),
                    'recommended_action': meta.get('recommended_action'),
                    'activation_channel': meta.get('activation_channel') or 'none',
                    'predicate': meta.get('predicate'),
                }) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(segments) }}
{%- endmacro %}
