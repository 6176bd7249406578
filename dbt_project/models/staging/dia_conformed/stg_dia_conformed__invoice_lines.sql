with

source as (

    select * from {{ source('dia_conformed', 'fatura_kalemi') }}

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

        -- Recomputed by the conformed step with DIA's rounding rule.
        net_amount,
        kdv_amount,
        gross_amount,

        dia_tutari as dia_line_amount,
        dia_indirimtutari as dia_discount_amount,
        dia_kdvtutari as dia_kdv_amount,
        amounts_differ as has_amount_mismatch,

        _date as updated_at

    from source

)

select * from renamed
