{#- Fails (one row) when `expression`, a condition over the whole table such
    as `(select count(*) from {{ model }}) = 25`, is not true. Unlike
    expression_is_true, which checks each row and so passes on an empty
    table, this test is evaluated once whatever the table holds. -#}
{% test table_expression_is_true(model, expression) %}

select 1 as failed_assertion
where not ({{ expression }})

{% endtest %}
