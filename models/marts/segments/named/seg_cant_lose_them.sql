{#- Segment cant_lose_them (SEGMENTS.md, "RFM"): customers whose RFM group in the
    profile (dim_customers.rfm_group, int_customers_scored_rfm) is
    `cant_lose_them` — R 1–2 and F 5: among the most frequent buyers, not for a long time. -#}

{{ rfm_group_segment('cant_lose_them') }}
