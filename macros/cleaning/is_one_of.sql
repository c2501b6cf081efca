{#- True when `expression` equals one of the text `values`, false otherwise
    (also when it is null). The same test as `expression in (...)`, written
    as a simple `case` because DuckDB turns an IN list over a large scan into
    a join with the list, which on the event tables cost more than the
    comparison itself. -#}
{% macro is_one_of(expression, values) -%}
    (case {{ expression }}
        {%- for value in values %} when '{{ value | replace("'", "''") }}' then true{% endfor %} else false end)
{%- endmacro %}
