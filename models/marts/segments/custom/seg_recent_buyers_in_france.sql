{#- Worked example of a custom segment (docs/segments.md, "Custom segments"):
    a date window and a comparison. -#}

{% set predicate %}
{{ in_last_n_days('last_valid_order_date', 30, 'as_of_date') }}
and country_code = 'FR'
{% endset %}

{{ custom_segment(
    description='Placed a valid order in the last 30 days and lives in France.',
    recommended_action='French-language cross-sell email of the categories they just bought, with free delivery.',
    predicate=predicate,
    activation_channel='email',
) }}
