with

source as (

    select * from {{ source('dia_conformed', 'stok') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as item_id,
        stokkartkodu as item_code,

        aciklama as item_name,
        aciklama_upper as item_name_upper,
        -- See stg_dia_conformed__customers for why the sort key carries the "C" collation.
        sort_key collate "C" as name_sort_key,
        match_key as name_match_key,

        stokkartturu as item_kind_code,
        durum as status_code,
        is_active,
        birimkodu as unit_code,
        kdvorani as kdv_percent,
        miktar as quantity_on_hand,
        satisfiyati as list_price_amount,
        ozelkod1kodu as special_1_code,
        ozelkod2kodu as special_2_code,

        _date as updated_at

    from source

)

select * from renamed
