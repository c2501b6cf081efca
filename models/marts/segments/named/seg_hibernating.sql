{#- Segment hibernating (SEGMENTS.md, "RFM"): customers whose RFM group in the
    profile (dim_customers.rfm_group, int_customers_scored_rfm) is
    `hibernating` — R 1–2 and F 1–2: few orders, long ago. -#}

{{ rfm_group_segment('hibernating') }}
