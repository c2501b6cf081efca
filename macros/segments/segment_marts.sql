{#- The segment marts of the project, read from the graph when a model
    compiles: every model tagged `segment` (the folders
    models/marts/segments/named and custom), sorted by name, with the catalog
    facts of its YAML `config: meta: segment:`. Each item: model, key (the
    name without seg_), family, members (customers or visitors),
    description, recommended_action, activation_channel, query (custom
    segments; else none) and relation (the table, for tests that only count
    rows). A mart whose meta is missing or wrong stops the compilation with
    its name. Empty while dbt parses (the graph does not exist yet): a model
    that selects from the marts declares them with `-- depends_on:` lines,
    which `make segments-compile` writes. -#}
{% macro segment_marts() -%}
    {%- set marts = [] -%}
    {%- if execute -%}
        {%- set channels = ['email', 'ads', 'onsite', 'sales', 'none'] -%}
        {%- for node in graph.nodes.values() | sort(attribute='name')
            if node.resource_type == 'model' and 'segment' in node.tags -%}
            {%- set segment = node.config.meta.get('segment') -%}
            {%- set problem = namespace(text='') -%}
            {%- if not node.name.startswith('seg_') -%}
                {%- set problem.text = 'its name does not start with seg_' -%}
            {%- elif segment is not mapping -%}
                {%- set problem.text = 'its YAML has no `config: meta: segment:` mapping' -%}
            {%- elif segment.get('family') not in ['named', 'custom'] -%}
                {%- set problem.text = 'meta.segment.family must be named or custom' -%}
            {%- elif segment.get('members', 'customers') not in ['customers', 'visitors'] -%}
                {%- set problem.text = 'meta.segment.members must be customers or visitors' -%}
            {%- elif segment.get('activation_channel') not in channels -%}
                {%- set problem.text = 'meta.segment.activation_channel must be one of ' ~ channels | join(', ') -%}
            {%- else -%}
                {%- for field in ['description', 'recommended_action'] -%}
                    {%- if segment.get(field) is not string or segment.get(field) | trim == '' -%}
                        {%- set problem.text = 'meta.segment.' ~ field ~ ' must be a non-empty text' -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endif -%}
            {%- if problem.text -%}
                {{ exceptions.raise_compiler_error(
                    "Segment mart " ~ node.name ~ " (" ~ node.original_file_path ~ "): " ~ problem.text
                    ~ ". Every model in models/marts/segments/named and custom is a segment mart;"
                    ~ " see docs/segment_guide.md, \"Adding a named segment\".") }}
            {%- endif -%}
            {%- do marts.append({
                'model': node.name,
                'key': node.name[4:],
                'family': segment.family,
                'members': segment.get('members', 'customers'),
                'description': segment.description | trim,
                'recommended_action': segment.recommended_action | trim,
                'activation_channel': segment.activation_channel,
                'query': segment.get('query'),
                'relation': node.relation_name,
            }) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(marts) -}}
{%- endmacro %}
