with

source as (

    select * from {{ source('dia', 'sis_depo') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as warehouse_id,
        depokodu as warehouse_code,
        _key_sis_sube as branch_id,

        depoadi as warehouse_name,
        durum as status_code,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
