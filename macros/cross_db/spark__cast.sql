{#- dbt's cross-database cast on Spark, which lacks two ANSI type names the
    project's contracts use (data_type in the models' YAML): `varchar` without
    a length is Spark's `string`, `double precision` is its `double`. dbt
    checks a contract by casting null to each declared type, so this is what
    lets one contract serve DuckDB, PostgreSQL and Spark. -#}
{% macro spark__cast(field, type) -%}
    {%- set spark_types = {'varchar': 'string', 'text': 'string', 'double precision': 'double'} -%}
    {%- set normalised = type | trim | lower -%}
    cast({{ field }} as {{ spark_types.get(normalised, type) }})
{%- endmacro %}
