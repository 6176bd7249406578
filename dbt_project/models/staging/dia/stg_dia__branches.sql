with

source as (

    select * from {{ source('dia', 'sis_sube') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as branch_id,
        subekodu as branch_code,

        subeadi as branch_name,
        sehir as city,
        merkez as is_head_office,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
