with

source as (

    select * from {{ source('dia', 'scf_fatura') }}

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

        -- DIA's own header totals. DIA's `net` is the amount payable (KDV included), so it is
        -- renamed to avoid a clash with net_amount (before KDV) in the marts.
        toplam as line_total_amount,
        toplamindirim as discount_amount,
        toplamkdv as kdv_amount,
        net as payable_amount,
        dovizturu as currency_code,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
