{#- The recency bucket of a number of days since the last valid order
    (SEGMENTS.md, "Recency buckets"), with var `recency_bucket_edges`
    [e1, e2, e3, e4]: active < e1 <= lapsing < e2 <= win_back < e3 <= dormant
    < e4 <= lost; no order at all is never_ordered. -#}
{% macro recency_bucket(days_expression) -%}
    {%- set edges = var('recency_bucket_edges') -%}
    {%- if edges | length != 4 or edges != edges | sort or edges | select('lessthan', 1) | list -%}
        {{ exceptions.raise_compiler_error(
            "var recency_bucket_edges must be four increasing positive day counts, e.g. [30, 90, 180, 365]; got "
            ~ edges) }}
    {%- endif -%}
    case
        when {{ days_expression }} is null then 'never_ordered'
        when {{ days_expression }} < {{ edges[0] }} then 'active'
        when {{ days_expression }} < {{ edges[1] }} then 'lapsing'
        when {{ days_expression }} < {{ edges[2] }} then 'win_back'
        when {{ days_expression }} < {{ edges[3] }} then 'dormant'
        else 'lost'
    end
{%- endmacro %}
