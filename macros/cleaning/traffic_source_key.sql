{#- One text key for a (utm_source, utm_medium, referrer) triple, used to join
    rows back to the channel that `map_traffic_to_channels` found for them. -#}
{% macro traffic_source_key(utm_source, utm_medium, referrer) -%}
    {{ dbt.concat([
        "coalesce(" ~ utm_source ~ ", '')", "'|'",
        "coalesce(" ~ utm_medium ~ ", '')", "'|'",
        "coalesce(" ~ referrer ~ ", '')"
    ]) }}
{%- endmacro %}
