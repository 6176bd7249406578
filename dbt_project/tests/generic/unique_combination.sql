{#
    Fails for each combination of `columns` that occurs on more than one row, e.g. the
    (tenant_id, firma_kodu, customer_id) key of a model. Null values count as equal to each other.
#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as row_count

from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
