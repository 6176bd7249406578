with

source as (

    select * from {{ source('dia_conformed', 'cari') }}

),

renamed as (

    select
        tenant_id,
        firma_kodu,
        _key as customer_id,
        carikartkodu as customer_code,

        unvan as customer_name,
        unvan_upper as customer_name_upper,
        -- Byte order of sort_key is the Turkish alphabetical order, so the column gets the "C"
        -- collation: then `order by name_sort_key` sorts correctly whatever the database's
        -- default collation is.
        sort_key collate "C" as name_sort_key,
        match_key as name_match_key,

        carikarttipi as account_type_code,
        carikarttipi_label as account_type,
        durum as status_code,
        is_active,

        verginumarasi as tax_number,
        tckimlikno as national_id_number,
        tax_id,
        tax_id_kind,
        tax_id_valid as is_tax_id_valid,
        vergidairesi as tax_office,

        sehir as city,
        ilce as district,
        bolge as region_code,
        eposta as email,
        telefon1 as phone,
        ceptel as mobile_phone,

        borctoplam as debit_total_amount,
        alacaktoplam as credit_total_amount,
        bakiye as balance_amount,
        dovizturu as currency_code,

        _date as updated_at,
        _cdate as created_at

    from source

)

select * from renamed
