{#- Fails on every row of the model where `expression` is not true. Restrict
    the rows checked with the test's `where` config. When attached to a
    column, the expression may still name any column of the model. -#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where not ({{ expression }})

{% endtest %}
