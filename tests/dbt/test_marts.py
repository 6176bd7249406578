"""dbt build over a warehouse that the pipeline filled from two simulated tenants."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from .helpers import query
from .expected_sales import RETURN_TYPES, SALES_TYPES, invoice_rows, is_cancelled, monthly_sales

# The Turkish alphabet in upper case: the order name_sort_key must give names.
TURKISH_ALPHABET = "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ"
TURKISH_ONLY_LETTERS = set("ÇĞİÖŞÜ")

pytestmark = pytest.mark.slow


def test_dbt_build_passes_with_tests(built_warehouse):
    build = built_warehouse.build
    assert build.returncode == 0, build.output[-4000:]

    statuses = Counter(result["status"] for result in build.results)
    assert set(statuses) <= {"success", "pass"}, statuses
    assert statuses["pass"] >= 100  # data tests; every model's keys are tested
    assert statuses["success"] == 18  # 13 staging views and 5 marts


def test_simulated_invoices_cover_every_rule(built_warehouse):
    types = Counter()
    cancelled = 0
    for server_code in built_warehouse.tenant_ids:
        for _, header, _ in invoice_rows(built_warehouse.sim, server_code):
            types[int(header["turu"])] += 1
            cancelled += is_cancelled(header)

    assert types.keys() & SALES_TYPES
    assert types.keys() & RETURN_TYPES
    assert types.keys() & {1, 4}  # purchases, which the mart must leave out
    assert cancelled > 0


@pytest.mark.parametrize("tenant_number", [1, 2])
def test_monthly_sales_match_simulator(built_warehouse, tenant_number):
    server_code, tenant_id = list(built_warehouse.tenant_ids.items())[tenant_number - 1]
    expected = {key: totals.as_tuple() for key, totals in monthly_sales(built_warehouse.sim, server_code).items()}

    rows = query(
        built_warehouse.url,
        """
        select firma_kodu, month_start_on, sum(invoice_count)::int, sum(net_amount), sum(kdv_amount), sum(gross_amount)
        from marts.mart_sales_monthly
        where tenant_id = %s
        group by firma_kodu, month_start_on
        """,
        (tenant_id,),
    )
    actual = {(firma, month): (count, Decimal(net), Decimal(kdv), Decimal(gross))
              for firma, month, count, net, kdv, gross in rows}

    assert len(expected) > 1
    assert actual == expected


def test_busiest_month_matches_simulator(built_warehouse):
    server_code, tenant_id = next(iter(built_warehouse.tenant_ids.items()))
    expected = monthly_sales(built_warehouse.sim, server_code)
    (firma_kodu, month), totals = max(expected.items(), key=lambda item: item[1].invoice_count)

    [(count, net, kdv, gross)] = query(
        built_warehouse.url,
        """
        select sum(invoice_count)::int, sum(net_amount), sum(kdv_amount), sum(gross_amount)
        from marts.mart_sales_monthly
        where tenant_id = %s and firma_kodu = %s and month_start_on = %s
        """,
        (tenant_id, firma_kodu, month),
    )

    assert count == totals.invoice_count
    assert net == totals.net
    assert kdv == totals.kdv
    assert gross == totals.gross
    assert gross == net + kdv


def test_models_keep_tenant_and_company(built_warehouse):
    rows = query(
        built_warehouse.url,
        """
        select table_schema || '.' || table_name, array_agg(column_name::text)
        from information_schema.columns
        where table_schema in ('staging', 'marts')
        group by 1
        """,
    )

    assert len(rows) == 18
    for relation, columns in rows:
        assert "tenant_id" in columns, relation
        assert "firma_kodu" in columns, relation


def test_staging_leaves_out_deleted_rows(built_warehouse):
    url = built_warehouse.url
    tenant_id = next(iter(built_warehouse.tenant_ids.values()))
    [(key,)] = query(url, "select min(_key) from dia_raw.scf_carikart where tenant_id = %s", (tenant_id,))
    count_sql = "select count(*) from staging.stg_dia__customers where tenant_id = %s and customer_id = %s"
    assert query(url, count_sql, (tenant_id, key)) == [(1,)]

    mark = "update dia_raw.scf_carikart set _deleted_at = {} where tenant_id = %s and _key = %s returning _key"
    try:
        query(url, mark.format("now()"), (tenant_id, key))
        assert query(url, count_sql, (tenant_id, key)) == [(0,)]
    finally:
        query(url, mark.format("null"), (tenant_id, key))


def _turkish_rank(name: str) -> int | None:
    first = name.strip()[:1].replace("i", "İ").replace("ı", "I").upper()
    return TURKISH_ALPHABET.index(first) if first and first in TURKISH_ALPHABET else None


def test_customers_sort_in_turkish_order(built_warehouse):
    tenant_id = next(iter(built_warehouse.tenant_ids.values()))
    names = [
        name
        for (name,) in query(
            built_warehouse.url,
            "select customer_name from marts.dim_customer where tenant_id = %s and firma_kodu = "
            "(select min(firma_kodu) from marts.dim_customer where tenant_id = %s) order by name_sort_key",
            (tenant_id, tenant_id),
        )
    ]
    ranks = [rank for rank in map(_turkish_rank, names) if rank is not None]

    assert {name.strip()[:1].upper() for name in names} & TURKISH_ONLY_LETTERS
    assert ranks == sorted(ranks)
