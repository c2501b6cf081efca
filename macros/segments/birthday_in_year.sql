{#- The date a birthday (`birth_date_expression`, a date) falls on in year
    `year_expression` (an integer expression): same month and day, except
    that a 29 February birthday falls on 28 February in a non-leap year.
    Leap year: divisible by 4 and not by 100, or divisible by 400. -#}
{% macro birthday_in_year(birth_date_expression, year_expression) -%}
    {%- set birth_month = 'extract(month from ' ~ birth_date_expression ~ ')' -%}
    {%- set birth_day = 'extract(day from ' ~ birth_date_expression ~ ')' -%}
    {%- set year = '(' ~ year_expression ~ ')' -%}
    {{ date_from_parts(
        year,
        birth_month,
        'case when ' ~ birth_month ~ ' = 2 and ' ~ birth_day ~ ' = 29'
            ~ ' and not (mod(' ~ year ~ ', 4) = 0 and (mod(' ~ year ~ ', 100) <> 0 or mod(' ~ year ~ ', 400) = 0))'
            ~ ' then 28 else ' ~ birth_day ~ ' end'
    ) }}
{%- endmacro %}
