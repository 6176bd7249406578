with

invoices as (

    select * from {{ ref('stg_dia_conformed__invoices') }}

),

-- The amounts are summed from fct_invoice_line rather than taken from the conformed header. The
-- conformed step commits a tenant's lines and headers separately and may do so while dbt runs,
-- so only the lines that fct_invoice_line already contains make the two marts agree.
line_totals as (

    select
        tenant_id,
        firma_kodu,
        invoice_id,
        count(*) as line_count,
        sum(net_amount) as net_amount,
        sum(kdv_amount) as kdv_amount,
        sum(gross_amount) as gross_amount

    from {{ ref('fct_invoice_line') }}
    group by tenant_id, firma_kodu, invoice_id

),

final as (

    select
        invoices.tenant_id,
        invoices.firma_kodu,
        invoices.donem_kodu,
        invoices.invoice_id,
        invoices.customer_id,
        invoices.customer_code,

        invoices.voucher_number,
        invoices.document_number,
        invoices.e_invoice_number,
        invoices.invoiced_on,
        invoices.invoice_time,

        invoices.invoice_type_code,
        {{ invoice_type_name('invoices.invoice_type_code') }} as invoice_type,
        {{ invoice_sales_sign('invoices.invoice_type_code') }} as sales_sign,
        coalesce(invoices.is_cancelled, false) as is_cancelled,
        invoices.currency_code,

        -- An invoice without lines has no amounts, which is zero rather than unknown.
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(line_totals.net_amount, 0) as net_amount,
        coalesce(line_totals.kdv_amount, 0) as kdv_amount,
        coalesce(line_totals.gross_amount, 0) as gross_amount,

        invoices.dia_line_total_amount,
        invoices.dia_discount_amount,
        invoices.dia_kdv_amount,
        invoices.dia_payable_amount,
        invoices.has_total_mismatch,

        invoices.updated_at

    from invoices
    left join line_totals
        on line_totals.tenant_id = invoices.tenant_id
        and line_totals.firma_kodu = invoices.firma_kodu
        and line_totals.invoice_id = invoices.invoice_id

)

select * from final
