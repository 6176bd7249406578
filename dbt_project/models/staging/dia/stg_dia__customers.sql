with

source as (

    select * from {{ source('dia', 'scf_carikart') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as customer_id,
        carikartkodu as customer_code,

        unvan as customer_name,
        carikarttipi as account_type_code,
        durum as status_code,
        potansiyel as is_prospect,
        verginumarasi as tax_number,
        tckimlikno as national_id_number,
        vergidairesi as tax_office,
        telefon1 as phone,
        ceptel as mobile_phone,
        eposta as email,
        sehir as city,
        ilce as district,
        bolge as region_code,

        borctoplam as debit_total_amount,
        alacaktoplam as credit_total_amount,
        bakiye as balance_amount,
        dovizturu as currency_code,

        _date as updated_at,
        _cdate as created_at,
        _synced_at as synced_at

    from source
    where _deleted_at is null

)

select * from renamed
