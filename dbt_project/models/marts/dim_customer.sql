with

customers as (

    select * from {{ ref('stg_dia_conformed__customers') }}

),

final as (

    select
        tenant_id,
        firma_kodu,
        customer_id,
        customer_code,

        customer_name,
        name_sort_key,
        name_match_key,
        account_type_code,
        account_type,
        status_code,
        is_active,

        -- A TCKN identifies a person, so only a company's tax number (VKN) is carried here.
        case when tax_id_kind = 'vkn' then tax_id end as tax_id,
        tax_id_kind,
        is_tax_id_valid,
        tax_office,

        city,
        district,
        region_code,

        debit_total_amount,
        credit_total_amount,
        balance_amount,
        currency_code,

        updated_at,
        created_at

    from customers

)

select * from final
