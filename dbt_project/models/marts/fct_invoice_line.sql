with

lines as (

    select * from {{ ref('stg_dia_conformed__invoice_lines') }}

),

final as (

    select
        tenant_id,
        firma_kodu,
        donem_kodu,
        invoice_line_id,
        invoice_id,
        item_id,
        item_code,

        line_number,
        line_kind_code,
        quantity,
        unit_price_amount,
        discount_percent,
        kdv_percent,

        net_amount,
        kdv_amount,
        gross_amount,

        dia_line_amount,
        dia_discount_amount,
        dia_kdv_amount,
        has_amount_mismatch,

        updated_at

    from lines

)

select * from final
