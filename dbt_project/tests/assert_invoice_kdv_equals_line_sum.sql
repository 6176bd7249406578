-- Each invoice's KDV in fct_invoice equals the sum of its lines' KDV in fct_invoice_line. A row
-- here means the two marts disagree, e.g. after a filter was added to only one of them.

with

lines as (

    select
        tenant_id,
        firma_kodu,
        invoice_id,
        sum(kdv_amount) as line_kdv_amount

    from {{ ref('fct_invoice_line') }}
    group by tenant_id, firma_kodu, invoice_id

)

select
    invoices.tenant_id,
    invoices.firma_kodu,
    invoices.invoice_id,
    invoices.kdv_amount,
    coalesce(lines.line_kdv_amount, 0) as line_kdv_amount

from {{ ref('fct_invoice') }} as invoices
left join lines
    on lines.tenant_id = invoices.tenant_id
    and lines.firma_kodu = invoices.firma_kodu
    and lines.invoice_id = invoices.invoice_id
where invoices.kdv_amount <> coalesce(lines.line_kdv_amount, 0)
