{#- The named segments whose members are anonymous visitors, not registered
    customers: their mart starts with visitor_id instead of customer_id, their
    rows in fct_segment_memberships carry visitor_id, and their share of
    customers is null in rpt_segment_summary. A subset of
    named_segment_keys(). -#}
{% macro visitor_segment_keys() -%}
    {{ return(['anonymous_visitors']) }}
{%- endmacro %}
