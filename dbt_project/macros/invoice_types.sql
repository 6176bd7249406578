{#
    The sign an invoice of DIA type `turu` carries in sales figures: sales (2 retail, 3 wholesale,
    5 service sold) count positive, returns (6, 7, 8) negative, and purchases (1 goods, 4 services
    bought) are not sales, so they get null and drop out of sales sums.
#}
{% macro invoice_sales_sign(turu) -%}
    case
        when {{ turu }} in (2, 3, 5) then 1
        when {{ turu }} in (6, 7, 8) then -1
    end
{%- endmacro %}


{# A readable name for DIA's invoice type code `turu`. #}
{% macro invoice_type_name(turu) -%}
    case {{ turu }}
        when 1 then 'purchase'
        when 2 then 'retail sale'
        when 3 then 'wholesale sale'
        when 4 then 'service bought'
        when 5 then 'service sold'
        when 6 then 'return'
        when 7 then 'return'
        when 8 then 'return'
    end
{%- endmacro %}
