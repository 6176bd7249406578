with

source as (

    select * from {{ source('dia', 'sis_ozelkod') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as special_code_id,
        kod as special_code,

        aciklama as description,
        turkodu as card_kind_code,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
