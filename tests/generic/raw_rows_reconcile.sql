{#- No raw row is lost: raw rows = accepted + rejected + collapsed, and every
    collapsed row is a copy or an older version of an accepted key (or a row
    not yet known on var as_of_date).

    Applied to a staging base model (`base_shop__<table>`), it counts the raw
    table independently of the model, so a join that drops or multiplies rows
    (a duplicated seed row, a bad lookup) fails it. Returns one row describing
    the mismatch, or none. -#}
{% test raw_rows_reconcile(model, table_name, accepted_model, rejected_model, key_columns) %}

with

raw_rows as (
    select count(*) as row_count from ({{ raw_source(table_name) }}) as raw_table
),

accepted_rows as (
    select count(*) as row_count from {{ accepted_model }}
),

rejected_rows as (
    select count(*) as row_count from {{ rejected_model }}
),

collapsed_rows as (
    select count(*) as row_count
    from {{ model }}
    where row_disposition = 'collapsed'
),

collapsed_without_accepted_key as (
    select count(*) as row_count
    from {{ model }} as collapsed
    where collapsed.row_disposition = 'collapsed'
        -- A row known only after as_of_date (point in time) may have no accepted version yet.
        and collapsed.collapse_reason <> 'known_after_as_of_date'
        and not exists (
            select 1
            from {{ accepted_model }} as accepted
            where
                {%- for column in key_columns %}
                accepted.{{ column }} = collapsed.{{ column }}{{ ' and' if not loop.last }}
                {%- endfor %}
        )
)

select
    raw_rows.row_count as raw_row_count,
    accepted_rows.row_count as accepted_row_count,
    rejected_rows.row_count as rejected_row_count,
    collapsed_rows.row_count as collapsed_row_count,
    collapsed_without_accepted_key.row_count as collapsed_without_accepted_key_count
from raw_rows
cross join accepted_rows
cross join rejected_rows
cross join collapsed_rows
cross join collapsed_without_accepted_key
where raw_rows.row_count
    <> accepted_rows.row_count + rejected_rows.row_count + collapsed_rows.row_count
    or collapsed_without_accepted_key.row_count > 0

{% endtest %}
