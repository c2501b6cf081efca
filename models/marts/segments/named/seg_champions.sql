{#- Segment champions (SEGMENTS.md, "RFM"): customers whose RFM group in the
    profile (dim_customers.rfm_group, int_customers_scored_rfm) is
    `champions` — R 5 and F 4–5: bought very recently and often. -#}

{{ rfm_group_segment('champions') }}
