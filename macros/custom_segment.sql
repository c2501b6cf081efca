{#- The whole body of a custom segment model
    (models/marts/segments/custom/seg_<name>.sql, docs/segments.md):

        {{ custom_segment(
            description='Spent over 500 in total and opened or clicked an email lately.',
            recommended_action='VIP newsletter with an early-access promo code.',
            predicate='lifetime_net_revenue > 500 and is_email_engaged',
        ) }}

    `predicate` is SQL over the columns of dim_customers (AND / OR / NOT,
    comparisons, date windows with in_last_n_days(column, days, 'as_of_date'),
    list membership with list_contains(list_column, item)). Jinja must be
    rendered before the call: build such a predicate in a
    `set predicate` block and pass predicate=predicate. The macro makes the
    model a public table tagged segment + custom_segment, stores description,
    recommended_action, predicate and activation_channel (email / ads / onsite
    / sales / none) in meta.segment, and selects the matching customers from
    dim_customers: customer_id, email (null when the customer must not be
    emailed), the profile columns a marketer acts on, as_of_date.
    fct_segment_memberships, rpt_segment_summary and dim_segments find the
    model through its tag and evaluate the stored predicate themselves, so a
    new file needs no other edit. -#}
{% macro custom_segment(description, recommended_action, predicate, activation_channel='none') -%}
    {%- set channels = ['email', 'ads', 'onsite', 'sales', 'none'] -%}
    {%- for argument_name, argument in [
        ('description', description),
        ('recommended_action', recommended_action),
        ('predicate', predicate),
    ] -%}
        {%- if argument is not string or argument | trim == '' -%}
            {{ exceptions.raise_compiler_error(
                "custom_segment in model '" ~ model.name ~ "': " ~ argument_name ~ " must be a non-empty string") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if '{{' in predicate or '{%' in predicate -%}
        {{ exceptions.raise_compiler_error(
            "custom_segment in model '" ~ model.name ~ "': the predicate contains Jinja inside a quoted string,"
            ~ " which is not rendered. Build it in a {% set predicate %}...{% endset %} block (or with ~) and"
            ~ " pass predicate=predicate. Predicate: " ~ predicate) }}
    {%- endif -%}
    {%- if activation_channel not in channels -%}
        {{ exceptions.raise_compiler_error(
            "custom_segment in model '" ~ model.name ~ "': activation_channel must be one of "
            ~ channels | join(', ') ~ "; got '" ~ activation_channel ~ "'") }}
    {%- endif -%}
    {{ config(
        materialized='table',
        access='public',
        tags=['segment', 'custom_segment'],
        meta={'segment': {
            'description': description | trim,
            'recommended_action': recommended_action | trim,
            'predicate': predicate | trim,
            'activation_channel': activation_channel,
        }},
    ) }}

with

customers as (
    select * from {{ ref('dim_customers') }}
),

final as (
    select
        customer_id,
        case when is_email_suppressed then null else email end as email,
        first_name,
        last_name,
        language_code,
        city,
        country_code,
        rfm_group,
        recency_bucket,
        engagement_level,
        valid_order_count,
        lifetime_net_revenue,
        is_email_suppressed,
        last_valid_order_date,
        as_of_date
    from customers
    where ({{ predicate | trim }})
)

select * from final
{%- endmacro %}
