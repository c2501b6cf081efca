{#- The keys of the 25 named segments of SEGMENTS.md ("Named segments"), in
    catalog order. Each key has a mart models/marts/segments/named/seg_<key>.sql.
    The list is static on purpose: fct_segment_memberships refs every
    seg_<key> in a loop over it, and dbt records those dependencies when it
    parses the project. Add a named segment = add its mart, its catalog row
    and its key here.
    Which of them are keyed by visitor_id: visitor_segment_keys(). -#}
{% macro named_segment_keys() -%}
    {{ return([
        'registered_never_ordered',
        'new_customers',
        'repeat_customers',
        'recent_buyers',
        'lapsing_customers',
        'win_back',
        'engaged_frequent_buyers',
        'frequent_visitors_not_buying',
        'anonymous_visitors',
        'top_customers_pareto',
        'big_spenders',
        'high_lifetime_spend',
        'champions',
        'loyal',
        'at_risk',
        'cant_lose_them',
        'hibernating',
        'best_channel_customers',
        'abandoned_checkout',
        'hesitant_browsers',
        'email_engaged',
        'email_suppressed',
        'nearby_customers',
        'birthday_upcoming',
        'b2b_customers',
    ]) }}
{%- endmacro %}
