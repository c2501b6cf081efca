{#- The run's results counted for build_metadata: a dict of
    <kind>_<outcome> -> count, kind in seeds, models, snapshots, data_tests,
    unit_tests and outcome in pass (success or pass), warn, error (error or
    fail) and skip. Every combination is present, 0 when none. -#}
{% macro serving_results_summary(results) -%}
    {%- set kinds = {
        'seed': 'seeds', 'model': 'models', 'snapshot': 'snapshots',
        'test': 'data_tests', 'unit_test': 'unit_tests',
    } -%}
    {%- set outcomes = {
        'success': 'pass', 'pass': 'pass', 'warn': 'warn', 'error': 'error', 'fail': 'error',
        'runtime error': 'error', 'skipped': 'skip',
    } -%}
    {%- set summary = {} -%}
    {%- for kind in kinds.values() -%}
        {%- for outcome in ['pass', 'warn', 'error', 'skip'] -%}
            {%- do summary.update({kind ~ '_' ~ outcome: 0}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for result in results if result.node.resource_type in kinds -%}
        {%- set key = kinds[result.node.resource_type] ~ '_' ~ outcomes.get(result.status | string, 'error') -%}
        {%- do summary.update({key: summary[key] + 1}) -%}
    {%- endfor -%}
    {{ return(summary) }}
{%- endmacro %}
