{#- Maps each distinct traffic source of `relation` to a marketing channel
    with the `channel_mapping` seed: the rule with the lowest match_priority
    whose three LIKE patterns all match wins (an empty pattern matches only an
    empty value, `%` matches anything). `relation` must carry lower-cased
    `utm_source`, `utm_medium`, `referrer` and their `traffic_source_key`.
    Mapping distinct sources, not rows, keeps the pattern join small.
    In a base model, pass the validated rows, not the classified ones that the
    model's final select reads: a CTE read twice is stored whole by DuckDB in
    the middle of the query, and the classified rows are the widest and
    longest there (at L, 33M sessions: 17.6 GB spilled to disk, a third of the
    model's time). The classification changes none of the columns read here. -#}
{% macro map_traffic_to_channels(relation) -%}
    select
        traffic_source_key,
        channel
    from (
        select
            traffic.traffic_source_key,
            mapping.channel,
            row_number() over (
                partition by traffic.traffic_source_key
                order by mapping.match_priority
            ) as rule_rank
        from (
            select distinct
                traffic_source_key,
                utm_source,
                utm_medium,
                referrer
            from {{ relation }}
        ) as traffic
        inner join {{ ref('channel_mapping') }} as mapping
            on coalesce(traffic.utm_source, '') like coalesce(mapping.utm_source_like, '')
            and coalesce(traffic.utm_medium, '') like coalesce(mapping.utm_medium_like, '')
            and coalesce(traffic.referrer, '') like coalesce(mapping.referrer_like, '')
    ) as ranked_rules
    where rule_rank = 1
{%- endmacro %}
