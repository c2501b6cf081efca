{#- Post-hook of the staging model of a required raw table: fails the build,
    with a message naming the table, when the table has no usable row (an
    empty file, or every row rejected). Without it the build would go green
    with empty marts. The message gives counts, reasons and the columns they
    are about, never a row. -#}
{% macro assert_required_rows(table_name) -%}
    {%- if execute -%}
        {%- set base = ref('base_shop__' ~ table_name) -%}
        {%- set counts = run_query(
            "select count(*), sum(case when row_disposition = 'accepted' then 1 else 0 end) from " ~ base
        ).rows[0] -%}
        {%- if (counts[1] or 0) == 0 -%}
            {%- set reasons = [] -%}
            {#- With the column a reason is about (`invalid_timestamp of ordered_at`):
                a whole table rejected is most often one column of the wrong
                type or format. -#}
            {%- for row in run_query(
                "select rejection_reason, rejection_column, count(*) from " ~ base
                ~ " where row_disposition = 'rejected' group by rejection_reason, rejection_column order by 3 desc"
            ).rows -%}
                {%- do reasons.append(row[0] ~ (' of ' ~ row[1] if row[1] else '') ~ ': ' ~ row[2]) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ table_name ~ "' is required but has no usable row: "
                ~ (("its " ~ counts[0] ~ " rows are all rejected ("
                    ~ reasons | join(', ')
                    ~ "; see stg_shop__" ~ table_name ~ "_rejected)") if counts[0] else "the file is empty")
                ~ ". Fix the raw data, or check RAW_DATA_PATH.") }}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}
