{#- The segment families of the customer profile (SEGMENTS.md, "Segment
    families"), read from the graph when a model compiles: the list
    `config: meta: segment_families:` of fct_segment_family_memberships.
    Each item: family (the name, a column of dim_customers unless `column`
    says otherwise), column, is_list (the column is a comma list: one segment per
    item), description, recommended_action, activation_channel. Empty while
    dbt parses. -#}
{% macro segment_families() -%}
    {%- set families = [] -%}
    {%- if execute -%}
        {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('name', 'equalto', 'fct_segment_family_memberships') | list -%}
        {%- if nodes | length != 1 -%}
            {{ exceptions.raise_compiler_error(
                "segment_families(): the model fct_segment_family_memberships is missing") }}
        {%- endif -%}
        {%- for family in nodes[0].config.meta.get('segment_families', []) -%}
            {%- set position = loop.index -%}
            {%- for field in ['family', 'description', 'recommended_action', 'activation_channel'] -%}
                {%- if family.get(field) is not string or family.get(field) | trim == '' -%}
                    {{ exceptions.raise_compiler_error(
                        "fct_segment_family_memberships meta.segment_families: item " ~ position
                        ~ " needs a non-empty text `" ~ field ~ "`") }}
                {%- endif -%}
            {%- endfor -%}
            {%- do families.append({
                'family': family.family,
                'column': family.get('column', family.family),
                'is_list': family.get('is_list', false),
                'description': family.description | trim,
                'recommended_action': family.recommended_action | trim,
                'activation_channel': family.activation_channel,
            }) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(families) -}}
{%- endmacro %}
