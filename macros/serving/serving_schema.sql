{#- The serving schema of a server engine (PostgreSQL, Spark), where every
    mart of the build must be in one schema: env var SERVING_SCHEMA, default
    that schema + `_serving`. A compile error names the schemas otherwise. -#}
{% macro serving_schema(marts) -%}
    {%- set mart_schemas = marts | map(attribute='schema') | unique | list -%}
    {%- if mart_schemas | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            'publish_serving_snapshot on ' ~ adapter.type() ~ ' needs every mart in one schema, found '
            ~ mart_schemas | join(', ')
        ) }}
    {%- endif -%}
    {{ return(env_var('SERVING_SCHEMA', mart_schemas[0] ~ '_serving')) }}
{%- endmacro %}
