with

invoices as (

    select * from {{ ref('stg_dia_conformed__invoices') }}

),

final as (

    select
        tenant_id,
        firma_kodu,
        donem_kodu,
        invoice_id,
        customer_id,
        customer_code,

        voucher_number,
        document_number,
        e_invoice_number,
        invoiced_on,
        invoice_time,

        invoice_type_code,
        {{ invoice_type_name('invoice_type_code') }} as invoice_type,
        {{ invoice_sales_sign('invoice_type_code') }} as sales_sign,
        coalesce(is_cancelled, false) as is_cancelled,

        currency_code,
        line_count,

        -- An invoice without lines has no amounts, which is zero rather than unknown.
        coalesce(net_amount, 0) as net_amount,
        coalesce(kdv_amount, 0) as kdv_amount,
        coalesce(gross_amount, 0) as gross_amount,

        dia_line_total_amount,
        dia_discount_amount,
        dia_kdv_amount,
        dia_payable_amount,
        has_total_mismatch,

        updated_at

    from invoices

)

select * from final
