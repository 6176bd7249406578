with

source as (

    select * from {{ source('dia', 'scf_satiselemani') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as sales_rep_id,
        kodu as sales_rep_code,

        aciklama as sales_rep_name,
        eposta as email,
        telefon as phone,
        durum as status_code,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
