with

items as (

    select * from {{ ref('stg_dia_conformed__items') }}

),

final as (

    select
        tenant_id,
        firma_kodu,
        item_id,
        item_code,

        item_name,
        name_sort_key,
        name_match_key,
        item_kind_code,
        status_code,
        is_active,

        unit_code,
        kdv_percent,
        quantity_on_hand,
        list_price_amount,
        special_1_code,
        special_2_code,

        updated_at

    from items

)

select * from final
