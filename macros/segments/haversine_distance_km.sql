{#- Great-circle distance in km between two points given in degrees, with the
    haversine formula on a sphere of the IUGG mean Earth radius 6371.0088 km:
        d = 2 R asin(sqrt(sin²(Δφ / 2) + cos φ1 cos φ2 sin²(Δλ / 2)))
    Degrees become radians through pi() / 180 (no radians(), which not every
    warehouse has); sin, cos, asin, sqrt and pi exist on DuckDB, PostgreSQL
    and Spark. Null when a coordinate is null or out of range (latitude
    outside [-90, 90], longitude outside [-180, 180]). The sqrt argument is
    capped at 1 so that float rounding on antipodal points cannot make asin
    fail. -#}
{% macro haversine_distance_km(latitude_1, longitude_1, latitude_2, longitude_2) -%}
    {%- set to_radians = '(pi() / 180.0)' -%}
    {%- set half_chord = (
        'power(sin((' ~ latitude_2 ~ ' - ' ~ latitude_1 ~ ') * ' ~ to_radians ~ ' / 2), 2)'
        ~ ' + cos(' ~ latitude_1 ~ ' * ' ~ to_radians ~ ') * cos(' ~ latitude_2 ~ ' * ' ~ to_radians ~ ')'
        ~ ' * power(sin((' ~ longitude_2 ~ ' - ' ~ longitude_1 ~ ') * ' ~ to_radians ~ ' / 2), 2)'
    ) -%}
    case
        when {{ latitude_1 }} between -90 and 90
            and {{ latitude_2 }} between -90 and 90
            and {{ longitude_1 }} between -180 and 180
            and {{ longitude_2 }} between -180 and 180
            then 2 * 6371.0088 * asin(sqrt(case when {{ half_chord }} > 1 then 1 else {{ half_chord }} end))
    end
{%- endmacro %}
