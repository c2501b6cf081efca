{#- Segment loyal (SEGMENTS.md, "RFM"): customers whose RFM group in the
    profile (dim_customers.rfm_group, int_customers_scored_rfm) is
    `loyal` — R 3–4 and F 4–5: buy often, a little less recently than champions. -#}

{{ rfm_group_segment('loyal') }}
