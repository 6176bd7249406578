{#
    Returns a row for each non-null `column_name` value that has no row with that `field` value in `to`
    within the same tenant_id and firma_kodu. DIA keys are unique per model on one DIA server,
    but two tenants may use the same key, so a plain `relationships` test would miss orphans.

    It warns instead of failing: an orphan reference in one tenant's DIA data must not make
    `dbt build` skip the downstream marts of every tenant.
#}
{% test relationships_in_company(model, column_name, to, field) %}

{{ config(severity='warn') }}

with

children as (

    select tenant_id, firma_kodu, {{ column_name }} as parent_id
    from {{ model }}
    where {{ column_name }} is not null

),

parents as (

    select tenant_id, firma_kodu, {{ field }} as parent_id
    from {{ to }}

)

select children.*
from children
left join parents
    on parents.tenant_id = children.tenant_id
    and parents.firma_kodu = children.firma_kodu
    and parents.parent_id = children.parent_id
where parents.parent_id is null

{% endtest %}
