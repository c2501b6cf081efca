{#- percentile_cont(fraction, expression): the aggregate continuous percentile
    of `expression` at `fraction` (0–1), with linear interpolation between the
    two nearest values, as SQL's percentile_cont: for n sorted values
    v0 ≤ … ≤ v(n−1), position p = fraction × (n − 1), result
    v(floor p) + (p − floor p) × (v(ceil p) − v(floor p)). Nulls are ignored;
    null when there is no value. The expression is read as a double on every
    engine (PostgreSQL only accepts double precision, and DuckDB would round an
    interpolated decimal back to the input's scale), so the result is a double:
    round it when comparing it with exact amounts.
    DuckDB, PostgreSQL, Snowflake (default): percentile_cont(f) within group
    (order by x); Spark: percentile(x, f), which interpolates the same way. -#}
{% macro percentile_cont(fraction, expression) -%}
    {{ return(adapter.dispatch('percentile_cont', 'shop_segments')(fraction, expression)) }}
{%- endmacro %}

{% macro default__percentile_cont(fraction, expression) -%}
    percentile_cont({{ fraction }}) within group (order by cast({{ expression }} as {{ type_double() }}))
{%- endmacro %}

{% macro spark__percentile_cont(fraction, expression) -%}
    percentile(cast({{ expression }} as double), {{ fraction }})
{%- endmacro %}
