{#- The UTC time the dbt invocation started, as a timestamp literal: one value
    for the whole build, on every warehouse. -#}
{% macro build_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
