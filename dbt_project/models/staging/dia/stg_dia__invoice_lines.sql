with

source as (

    select * from {{ source('dia', 'scf_fatura_kalemi') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        donem_kodu,
        _key as invoice_line_id,
        _key_scf_fatura as invoice_id,
        _key_scf_stokkart as item_id,
        stokkartkodu as item_code,

        sirano as line_number,
        kalemturu as line_kind_code,
        miktar as quantity,
        birimfiyati as unit_price_amount,
        indirimorani as discount_percent,
        kdv as kdv_percent,

        -- DIA's own line amounts; fct_invoice_line carries the recomputed ones.
        tutari as line_amount,
        indirimtutari as discount_amount,
        kdvtutari as kdv_amount,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
