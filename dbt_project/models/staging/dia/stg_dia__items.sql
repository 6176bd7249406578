with

source as (

    select * from {{ source('dia', 'scf_stokkart') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as item_id,
        stokkartkodu as item_code,

        aciklama as item_name,
        stokkartturu as item_kind_code,
        durum as status_code,
        ozelkod1kodu as special_1_code,
        ozelkod2kodu as special_2_code,
        birimkodu as unit_code,
        kdvorani as kdv_percent,
        miktar as quantity_on_hand,
        satisfiyati as list_price_amount,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
