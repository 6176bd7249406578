"""Syncing simulator tenants into a real Postgres: contents, types, reruns, increments, deletes."""

from __future__ import annotations

import dataclasses
from contextlib import closing
from decimal import Decimal

import psycopg2
import pytest

from dia_pipelines.catalog import TABLES, TABLES_BY_MODEL
from dia_pipelines.sync import FULL, INCREMENTAL, sync_tenant

from .expected import deleted_keys, simulator_rows, warehouse_rows

# Small pages, so that every table of the test tenants is paged through several times.
PAGED_TABLES = tuple(dataclasses.replace(spec, page_size=97) for spec in TABLES)
CARIKART = TABLES_BY_MODEL["scf_carikart"]


def by_model(results):
    return {result.model: result for result in results}


def test_full_sync_stores_simulator_rows(sim, tenants, warehouse_url):
    for tenant in tenants:
        results = by_model(sync_tenant(warehouse_url, tenant, PAGED_TABLES))
        for spec in TABLES:
            expected = simulator_rows(sim, sim.tenants[tenants.index(tenant)].server_code, spec)
            stored = warehouse_rows(warehouse_url, spec, tenant.tenant_id)
            assert results[spec.model].mode == FULL
            assert results[spec.model].inserted == len(expected), spec.model
            assert stored == expected, spec.model


def test_columns_typed_as_declared(sim, tenants, warehouse_url):
    sync_tenant(warehouse_url, tenants[0], [CARIKART, TABLES_BY_MODEL["scf_fatura"]])
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type, numeric_scale FROM information_schema.columns"
            " WHERE table_schema = 'dia_raw'"
        )
        types = {(table, column): (data_type, scale) for table, column, data_type, scale in cursor.fetchall()}
        cursor.execute("SELECT verginumarasi FROM dia_raw.scf_carikart WHERE verginumarasi LIKE '0%' LIMIT 1")
        leading_zero = cursor.fetchone()
    assert types[("scf_carikart", "bakiye")] == ("numeric", 6)
    assert types[("scf_carikart", "verginumarasi")] == ("text", None)
    assert types[("scf_carikart", "potansiyel")] == ("boolean", None)
    assert types[("scf_fatura", "tarih")] == ("date", None)
    assert types[("scf_fatura", "_key")][0] == "bigint"
    # The simulator generates VKNs with leading zeros; they must survive as text.
    assert leading_zero is not None and len(leading_zero[0]) == 10


def test_rerun_changes_nothing(sim, tenants, warehouse_url):
    tenant = tenants[0]
    sync_tenant(warehouse_url, tenant, PAGED_TABLES)
    before = {spec.model: warehouse_rows(warehouse_url, spec, tenant.tenant_id) for spec in TABLES}

    rerun = by_model(sync_tenant(warehouse_url, tenant, PAGED_TABLES))

    for spec in TABLES:
        assert rerun[spec.model].mode == INCREMENTAL
        assert (rerun[spec.model].inserted, rerun[spec.model].updated, rerun[spec.model].deleted) == (0, 0, 0)
        assert warehouse_rows(warehouse_url, spec, tenant.tenant_id) == before[spec.model]


def test_incremental_sync_applies_changes(sim, tenants, warehouse_url):
    tenant, server_code = tenants[0], sim.tenants[0].server_code
    sync_tenant(warehouse_url, tenant, PAGED_TABLES)

    changes = sim.advance(server_code, seconds=3600, update_share=0.1, insert_share=0.05, delete_share=0.0,
                          models=["scf_carikart"])
    result = by_model(sync_tenant(warehouse_url, tenant, PAGED_TABLES))["scf_carikart"]

    assert result.mode == INCREMENTAL
    assert result.inserted == len(changes.inserted["scf_carikart"])
    assert result.updated == len(changes.updated["scf_carikart"])
    assert warehouse_rows(warehouse_url, CARIKART, tenant.tenant_id) == simulator_rows(sim, server_code, CARIKART)


def test_full_refresh_marks_deleted_keys(sim, tenants, warehouse_url):
    tenant, server_code = tenants[0], sim.tenants[0].server_code
    sync_tenant(warehouse_url, tenant, PAGED_TABLES)

    changes = sim.advance(server_code, seconds=3600, update_share=0.0, insert_share=0.0, delete_share=0.05)
    incremental = by_model(sync_tenant(warehouse_url, tenant, PAGED_TABLES))
    assert incremental["scf_carikart"].deleted == 0  # _date cannot show a deletion

    full = by_model(sync_tenant(warehouse_url, tenant, PAGED_TABLES, full_refresh=True))

    for model in ("scf_carikart", "scf_fatura", "scf_fatura_kalemi"):
        spec = TABLES_BY_MODEL[model]
        assert full[model].deleted == len(changes.deleted[model]), model
        assert deleted_keys(warehouse_url, spec, tenant.tenant_id) == changes.deleted[model], model
        assert warehouse_rows(warehouse_url, spec, tenant.tenant_id) == simulator_rows(sim, server_code, spec)


def test_one_tenant_never_changes_another(sim, tenants, warehouse_url):
    first, second = tenants
    sync_tenant(warehouse_url, second, PAGED_TABLES)
    second_rows = {spec.model: warehouse_rows(warehouse_url, spec, second.tenant_id, live=False) for spec in TABLES}

    sync_tenant(warehouse_url, first, PAGED_TABLES)
    sim.advance(sim.tenants[0].server_code, seconds=3600, update_share=0.1, insert_share=0.1, delete_share=0.1)
    sync_tenant(warehouse_url, first, PAGED_TABLES, full_refresh=True)

    for spec in TABLES:
        assert warehouse_rows(warehouse_url, spec, second.tenant_id, live=False) == second_rows[spec.model]


def test_awkward_text_round_trips(sim, tenants, warehouse_url):
    tenant, server_code = tenants[0], sim.tenants[0].server_code
    sync_tenant(warehouse_url, tenant, [CARIKART])
    stored = warehouse_rows(warehouse_url, CARIKART, tenant.tenant_id)
    expected = simulator_rows(sim, server_code, CARIKART)
    names = [values[CARIKART.column_names.index("unvan")] or "" for values in expected.values()]

    # The simulator must have produced each kind of awkward text for this test to mean anything.
    for fragment in ("\t", "\n", "\\", "\\N", '"', "İ", "ı"):
        assert any(fragment in name for name in names), repr(fragment)
    assert any(len(name) > 1000 for name in names)
    assert stored == expected


def test_nul_characters_removed_and_counted(sim, tenants, warehouse_url):
    server_code = sim.tenants[0].server_code
    raw_names = [
        row.get("unvan") or ""
        for company in sim.tenant(server_code).companies
        for row in sim.rows(server_code, "scf_carikart", firma_kodu=company.firma_kodu)
    ]
    with_nul = sum("\x00" in name for name in raw_names)

    result = sync_tenant(warehouse_url, tenants[0], [CARIKART])[0]

    assert with_nul > 0
    assert result.nul_removed >= with_nul
    stored_names = [values[CARIKART.column_names.index("unvan")] or "" for values in
                    warehouse_rows(warehouse_url, CARIKART, tenants[0].tenant_id).values()]
    assert not any("\x00" in name for name in stored_names)


def test_money_is_exact_decimal(sim, tenants, warehouse_url):
    sync_tenant(warehouse_url, tenants[0], [TABLES_BY_MODEL["scf_fatura_kalemi"]])
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT sum(kdvtutari), sum(tutari) FROM dia_raw.scf_fatura_kalemi")
        kdv_total, amount_total = cursor.fetchone()
    server_code = sim.tenants[0].server_code
    expected_kdv = sum(
        Decimal(row["kdvtutari"])
        for company in sim.tenant(server_code).companies
        for donem in company.donemler
        for row in sim.rows(server_code, "scf_fatura_kalemi", firma_kodu=company.firma_kodu, donem_kodu=donem)
    )
    assert isinstance(kdv_total, Decimal)
    assert kdv_total == expected_kdv
    assert amount_total > 0


@pytest.mark.parametrize("model", ["scf_carikart", "scf_fatura"])
def test_sync_costs_pages_plus_key_call(sim, tenants, warehouse_url, model):
    spec = dataclasses.replace(TABLES_BY_MODEL[model], page_size=97)
    result = sync_tenant(warehouse_url, tenants[0], [spec])[0]
    scopes = sum(len(c.donemler) if model == "scf_fatura" else 1 for c in sim.tenant(sim.tenants[0].server_code).companies)
    # Per scope: ceil(rows / page size) listing calls (one more when rows divide evenly) plus one key call.
    assert result.calls == result.pages + scopes
    assert result.pages >= -(-result.rows_fetched // spec.page_size)

    unchanged = sync_tenant(warehouse_url, tenants[0], [spec])[0]
    assert unchanged.calls == scopes  # one listing call per scope, nothing else
    assert unchanged.kontor == Decimal("0.0125") * scopes


def test_full_refresh_empties_periods_dia_emptied(sim, tenants, warehouse_url):
    tenant, server_code = tenants[0], sim.tenants[0].server_code
    fatura = TABLES_BY_MODEL["scf_fatura"]
    first_company = sim.tenant(server_code).companies[0].firma_kodu
    sync_tenant(warehouse_url, tenant, [fatura])

    # Every invoice of every period of one company goes: those periods then list no key at all.
    sim.advance(server_code, seconds=3600, update_share=0.0, insert_share=0.0, delete_share=1.0,
                models=["scf_fatura"], firma_kodu=first_company)
    result = sync_tenant(warehouse_url, tenant, [fatura], full_refresh=True)[0]

    live = warehouse_rows(warehouse_url, fatura, tenant.tenant_id)
    assert [key for key in live if key[0] == first_company] == []
    assert result.deleted > 0
    assert live == simulator_rows(sim, server_code, fatura)


def test_watermark_moves_back_by_pull_length():
    from datetime import datetime

    from dia_pipelines.sync.flow import watermark_after_pull

    highest = datetime(2024, 5, 1, 12, 0, 0)
    assert watermark_after_pull(highest, 0.0) == highest
    assert watermark_after_pull(highest, 4000.2) == datetime(2024, 5, 1, 10, 53, 19)
    assert watermark_after_pull(None, 10.0) is None
