with

source as (

    select * from {{ source('dia', 'sis_doviz') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as currency_id,
        kodu as currency_code,

        adi as currency_name,
        uzunadi as currency_long_name,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
