"""The conformed layer over two synced simulator tenants: totals, flags, tax ids, sort order."""

from __future__ import annotations

from contextlib import closing
from decimal import ROUND_HALF_UP, Decimal

import psycopg2
import pytest

from accel import reference
from dia_pipelines.conformed import build_conformed
from dia_pipelines.sync import sync_tenant

KURUS = Decimal("0.01")


def kurus(value: Decimal) -> Decimal:
    # ROUND_HALF_UP in the decimal module rounds ties away from zero, for negatives too.
    return value.quantize(KURUS, rounding=ROUND_HALF_UP)


def expected_invoice_totals(sim, server_code: str) -> dict[int, tuple[Decimal, Decimal]]:
    """Gross and KDV of every invoice, summed from its lines rounded one by one."""
    totals: dict[int, tuple[Decimal, Decimal]] = {}
    for company in sim.tenant(server_code).companies:
        for donem in company.donemler:
            for line in sim.rows(server_code, "scf_fatura_kalemi", firma_kodu=company.firma_kodu, donem_kodu=donem):
                amount = kurus(Decimal(line["miktar"]) * Decimal(line["birimfiyati"]))
                discount = kurus(amount * Decimal(line["indirimorani"]) / 100)
                kdv = kurus((amount - discount) * Decimal(line["kdv"]) / 100)
                gross, kdv_sum = totals.get(int(line["_key_scf_fatura"]), (Decimal(0), Decimal(0)))
                totals[int(line["_key_scf_fatura"])] = (gross + amount - discount + kdv, kdv_sum + kdv)
    return totals


@pytest.fixture
def conformed(sim, tenants, warehouse_url):
    tenant = tenants[0]
    sync_tenant(warehouse_url, tenant)
    results = {result.table: result for result in build_conformed(warehouse_url, tenant.tenant_id)}
    return tenant, sim.tenants[0].server_code, results


def query(warehouse_url: str, sql: str, *params) -> list[tuple]:
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_invoice_totals_recomputed_from_lines(sim, warehouse_url, conformed):
    tenant, server_code, results = conformed
    expected = expected_invoice_totals(sim, server_code)
    stored = {
        key: (gross, kdv, dia_net, differs)
        for key, gross, kdv, dia_net, differs in query(
            warehouse_url,
            "SELECT _key, gross_amount, kdv_amount, dia_net, totals_differ FROM dia_conformed.fatura WHERE tenant_id = %s",
            tenant.tenant_id,
        )
    }

    headers_with_lines = [key for key in stored if key in expected]
    assert len(headers_with_lines) > 100
    for key in headers_with_lines:
        gross, kdv, dia_net, differs = stored[key]
        assert (gross, kdv) == expected[key], key
        assert differs == (abs(dia_net - gross) > KURUS), key
    # The simulator puts a few kuruş off on a small share of headers; the flag must find them.
    flagged = sum(1 for _, _, _, differs in stored.values() if differs)
    assert flagged > 0
    assert results["fatura"].flagged == flagged


def test_tax_ids_classified_and_checked(warehouse_url, conformed):
    tenant, _, _ = conformed
    rows = query(
        warehouse_url,
        "SELECT verginumarasi, tckimlikno, tax_id, tax_id_kind, tax_id_valid FROM dia_conformed.cari WHERE tenant_id = %s",
        tenant.tenant_id,
    )
    kinds = {kind for *_, kind, _ in rows}
    assert {"vkn", "tckn"} <= kinds
    assert any(valid is False for *_, valid in rows)
    for vkn, tckn, tax_id, kind, valid in rows:
        chosen = (vkn or "").strip() or (tckn or "").strip() or None
        assert tax_id == chosen
        assert kind == reference.tax_id_kind(chosen)
        if chosen is None:
            assert valid is None
        elif len(chosen) == 10:
            assert valid == reference.vkn_valid(chosen)
        else:
            assert valid == reference.tckn_valid(chosen)


def test_names_sort_in_turkish_order(warehouse_url, conformed):
    tenant, _, _ = conformed
    names = [
        name
        for (name,) in query(
            warehouse_url,
            'SELECT unvan FROM dia_conformed.cari WHERE tenant_id = %s AND unvan IS NOT NULL ORDER BY sort_key COLLATE "C", _key',
            tenant.tenant_id,
        )
    ]
    assert names == sorted(names, key=lambda name: reference.tr_sort_key(name))
    initials = [name[:1] for name in names]
    # Names starting with Ç come after those with C and before D, unlike a byte or "C" collation sort.
    assert {"C", "Ç", "D"} <= set(initials)
    assert initials.index("Ç") > max(i for i, letter in enumerate(initials) if letter == "C")
    assert max(i for i, letter in enumerate(initials) if letter == "Ç") < initials.index("D")


def test_personal_columns_marked(warehouse_url, conformed):
    comments = dict(
        query(
            warehouse_url,
            "SELECT a.attname, col_description(a.attrelid, a.attnum) FROM pg_attribute a"
            " WHERE a.attrelid = 'dia_conformed.cari'::regclass AND a.attnum > 0",
        )
    )
    for name in ("tckimlikno", "telefon1", "ceptel", "eposta", "tax_id"):
        assert comments[name] == "personal data (KVKK)", name
    for name in ("unvan", "verginumarasi", "sehir"):
        assert comments[name] is None, name
