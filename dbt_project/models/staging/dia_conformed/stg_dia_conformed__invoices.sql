with

source as (

    select * from {{ source('dia_conformed', 'fatura') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        donem_kodu,
        _key as invoice_id,
        _key_scf_carikart as customer_id,
        carikartkodu as customer_code,

        fisno as voucher_number,
        belgeno as document_number,
        belgeno2 as e_invoice_number,
        tarih as invoiced_on,
        saat as invoice_time,
        turu as invoice_type_code,
        iptal as is_cancelled,
        dovizturu as currency_code,
        line_count,

        -- Recomputed from the lines by the conformed step.
        net_amount,
        kdv_amount,
        gross_amount,

        -- DIA's own header totals, kept to show where DIA's rounding differs.
        dia_toplam as dia_line_total_amount,
        dia_toplamindirim as dia_discount_amount,
        dia_toplamkdv as dia_kdv_amount,
        dia_net as dia_payable_amount,
        totals_differ as has_total_mismatch,

        _date as updated_at

    from source

)

select * from renamed
