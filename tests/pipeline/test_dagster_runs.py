"""Real Dagster runs of the sync job: metadata, checks and rejects as a user sees them."""

from __future__ import annotations

from contextlib import closing
from decimal import Decimal

import dagster as dg
import psycopg2
import pytest
from cryptography.fernet import Fernet

from dia_pipelines.catalog import TABLES
from dia_pipelines.definitions import defs
from dia_pipelines.partitions import TENANT_PARTITIONS_NAME
from dia_resources.tenants import TenantRegistry
from dia_simulator import FaultPlan

from .expected import simulator_rows


@pytest.fixture
def registered(sim, tenants, warehouse_url, monkeypatch):
    """Tenant 1 registered in the warehouse the definitions point at."""
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("DIA_SECRET_KEY", key)
    monkeypatch.setenv("DIA_WAREHOUSE_URL", warehouse_url)
    TenantRegistry(warehouse_url, [key]).add(tenants[0])
    return tenants[0], sim.tenants[0].server_code


def run_sync_job(tenant_id: str, tags: dict | None = None):
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TENANT_PARTITIONS_NAME, [tenant_id])
        job = defs.resolve_job_def("dia_sync")
        result = job.execute_in_process(instance=instance, partition_key=tenant_id, tags=tags, raise_on_error=False)
        materializations = {
            event.asset_key.to_user_string(): event.materialization.metadata
            for event in result.get_asset_materialization_events()
        }
        checks = {
            (evaluation.asset_key.to_user_string(), evaluation.check_name): evaluation
            for evaluation in result.get_asset_check_evaluations()
        }
        return result, materializations, checks


def test_sync_run_reports_counts_and_passes_checks(sim, registered, warehouse_url):
    tenant, server_code = registered
    kontor_before = sim.kontor(server_code)

    result, materializations, checks = run_sync_job(tenant.tenant_id)

    assert result.success
    total_calls = 0
    for spec in TABLES:
        metadata = materializations[f"dia_raw/{spec.model}"]
        expected_rows = len(simulator_rows(sim, server_code, spec))
        assert metadata["dagster/row_count"].value == expected_rows, spec.model
        assert metadata["rows_inserted"].value == expected_rows, spec.model
        assert metadata["mode"].value == "full"
        assert metadata["calls"].value >= 2
        total_calls += metadata["calls"].value
        assert checks[(f"dia_raw/{spec.model}", "validation")].passed
        assert checks[(f"dia_raw/{spec.model}", "reconciliation")].passed, spec.model
    for name in ("cari", "stok", "fatura", "fatura_kalemi"):
        assert materializations[f"dia_conformed/{name}"]["dagster/row_count"].value > 0
    # Every call the run made was charged by the simulator: syncs, checks and the company listing.
    spent = kontor_before - sim.kontor(server_code)
    assert spent >= Decimal("0.0125") * total_calls


def test_invalid_rows_are_rejected_and_fail_the_check(sim, registered, warehouse_url):
    tenant, server_code = registered
    sim.set_faults(server_code, FaultPlan(bad_row_share=0.05, seed=3))

    result, materializations, checks = run_sync_job(tenant.tenant_id)

    validation = checks[("dia_raw/scf_carikart", "validation")]
    assert not validation.passed
    assert validation.severity == dg.AssetCheckSeverity.ERROR
    rejected = materializations["dia_raw/scf_carikart"]["rows_rejected"].value
    assert rejected > 0
    assert validation.metadata["rows_rejected"].value == rejected

    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT column_name, reason, raw_value FROM dia_meta.dia_rejects"
            " WHERE tenant_id = %s AND model = 'scf_carikart'",
            (tenant.tenant_id,),
        )
        reasons = {(column, raw_value): reason for column, reason, raw_value in cursor.fetchall()}
        cursor.execute(
            "SELECT count(DISTINCT _key) FROM dia_meta.dia_rejects WHERE tenant_id = %s AND model = 'scf_carikart'",
            (tenant.tenant_id,),
        )
        rejected_keys = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM dia_raw.scf_carikart r JOIN dia_meta.dia_rejects j"
            " ON j.tenant_id = r.tenant_id AND j.model = 'scf_carikart' AND j._key = r._key::text"
            " WHERE r.tenant_id = %s",
            (tenant.tenant_id,),
        )
        loaded_rejects = cursor.fetchone()[0]

    assert reasons[("carikarttipi", "XX")].startswith("failed check isin")
    assert reasons[("borctoplam", "12,5x")] == "not a decimal number with at most 6 fraction digits"
    assert rejected_keys == rejected
    assert loaded_rejects == 0  # a rejected row is kept out of dia_raw
    # The other rows still loaded, and the reconciliation check counts the rejects as explained.
    # Counted from the raw rows: the bad values cannot be decoded, which is the point.
    expected_live = sum(
        len(sim.rows(server_code, "scf_carikart", firma_kodu=company.firma_kodu))
        for company in sim.tenant(server_code).companies
    )
    assert materializations["dia_raw/scf_carikart"]["dagster/row_count"].value == expected_live - rejected
    assert checks[("dia_raw/scf_carikart", "reconciliation")].passed
