{#- Why this run must not publish a serving snapshot, in one line; '' when it
    may. A run publishes only when it is a `dbt build` (not --empty) that
    covered every enabled model, seed, snapshot and data test of the project,
    and every node it ran succeeded (models and seeds: success; data tests:
    pass or warn; unit tests, which may be excluded, pass). A partial run
    (`dbt run`, `dbt build -s ...`) never publishes: the snapshot must be the
    marts of one whole audited build, never some rebuilt and some stale.
    Failing nodes are named; nodes skipped because of them are counted. -#}
{% macro serving_publish_blocker(results) -%}
    {%- if flags.WHICH != 'build' -%}
        {{ return('`dbt ' ~ flags.WHICH ~ '` is not a full `dbt build`') }}
    {%- endif -%}
    {%- if flags.EMPTY -%}
        {{ return('an --empty build builds no data') }}
    {%- endif -%}
    {%- set ok_statuses = ['success', 'pass', 'warn'] -%}
    {%- set failed = [] -%}
    {%- set skipped = [] -%}
    {%- set ran = [] -%}
    {#- Exposures (and other nodes that build nothing) report `no-op`. -#}
    {%- set audited_types = ['model', 'seed', 'snapshot', 'test', 'unit_test'] -%}
    {%- for result in results if result.node.resource_type in audited_types -%}
        {%- do ran.append(result.node.unique_id) -%}
        {%- if result.status == 'skipped' -%}
            {%- do skipped.append(result.node.unique_id) -%}
        {%- elif result.status not in ok_statuses -%}
            {%- do failed.append(result.node.resource_type ~ ' ' ~ result.node.name ~ ' (' ~ result.status ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if failed or skipped -%}
        {%- set reason = failed | length ~ ' node(s) failed: ' ~ (failed | join(', ')) -%}
        {%- if skipped -%}
            {%- set reason = reason ~ '; ' ~ skipped | length ~ ' skipped because of them' -%}
        {%- endif -%}
        {{ return(reason) }}
    {%- endif -%}
    {%- set expected = [] -%}
    {%- set missing = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type in ['model', 'seed', 'snapshot', 'test']
            and node.config.enabled and node.config.materialized != 'ephemeral' -%}
            {%- do expected.append(node.unique_id) -%}
            {%- if node.unique_id not in ran -%}
                {%- do missing.append(node.unique_id) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ return(
            'a partial build (' ~ missing | length ~ ' of ' ~ expected | length
            ~ ' models, seeds and data tests not run); a full `dbt build` publishes'
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
