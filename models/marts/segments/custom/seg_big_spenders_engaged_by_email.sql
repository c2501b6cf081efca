{#- Worked example of a custom segment (docs/segments.md, "Custom segments"):
    a threshold and a flag of the profile in one predicate string. -#}

{{ custom_segment(
    description='Spent over 500 (lifetime net revenue) and opened or clicked an email in the last 90 days.',
    recommended_action='VIP newsletter with an early-access promo code.',
    predicate='lifetime_net_revenue > 500 and is_email_engaged',
    activation_channel='email',
) }}
