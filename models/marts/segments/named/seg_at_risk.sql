{#- Segment at_risk (SEGMENTS.md, "RFM"): customers whose RFM group in the
    profile (dim_customers.rfm_group, int_customers_scored_rfm) is
    `at_risk` — R 1–2 and F 3–4: used to buy fairly often, not for a long time. -#}

{{ rfm_group_segment('at_risk') }}
