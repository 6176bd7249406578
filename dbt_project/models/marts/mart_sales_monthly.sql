with

invoices as (

    select * from {{ ref('fct_invoice') }}

),

customers as (

    select * from {{ ref('dim_customer') }}

),

-- Sales and returns only: purchases have no sales_sign, and cancelled invoices never count.
sales_invoices as (

    select *
    from invoices
    where sales_sign is not null
        and not is_cancelled

),

monthly as (

    select
        tenant_id,
        firma_kodu,
        date_trunc('month', invoiced_on)::date as month_start_on,
        customer_id,
        currency_code,

        count(*) as invoice_count,
        count(*) filter (where sales_sign < 0) as return_invoice_count,
        sum(sales_sign * net_amount) as net_amount,
        sum(sales_sign * kdv_amount) as kdv_amount,
        sum(sales_sign * gross_amount) as gross_amount

    from sales_invoices
    group by 1, 2, 3, 4, 5

),

final as (

    select
        monthly.tenant_id,
        monthly.firma_kodu,
        monthly.month_start_on,
        monthly.customer_id,
        customers.customer_code,
        customers.customer_name,
        customers.name_sort_key as customer_name_sort_key,
        monthly.currency_code,

        monthly.invoice_count,
        monthly.return_invoice_count,
        monthly.net_amount,
        monthly.kdv_amount,
        monthly.gross_amount

    from monthly
    left join customers
        on customers.tenant_id = monthly.tenant_id
        and customers.firma_kodu = monthly.firma_kodu
        and customers.customer_id = monthly.customer_id

)

select * from final
