"""A sync that fails part-way leaves the warehouse as it was, and the next run completes."""

from __future__ import annotations

import dataclasses
import threading
import time
from contextlib import closing
from decimal import Decimal

import psycopg2
import pytest

from dia_pipelines.catalog import TABLES_BY_MODEL
from dia_pipelines.sync import SyncError, open_client, sync_tenant
from dia_resources.dia.errors import DiaCreditError, DiaTransientError
from dia_simulator import Fault, FaultPlan

from .expected import simulator_rows, warehouse_rows, watermarks

CARIKART = dataclasses.replace(TABLES_BY_MODEL["scf_carikart"], page_size=25)


def fast_client(tenant):
    # Short backoff so that exhausting the retries takes milliseconds, not seconds.
    return open_client(tenant, max_attempts=3, backoff_base=0.01, backoff_max=0.05, deadline=20)


@pytest.fixture
def synced(sim, tenants, warehouse_url):
    """Tenant 1 fully synced, then changed in DIA so that the next sync has pages to pull."""
    tenant, server_code = tenants[0], sim.tenants[0].server_code
    sync_tenant(warehouse_url, tenant, [CARIKART])
    sim.advance(server_code, seconds=3600, update_share=0.2, insert_share=0.1, delete_share=0.0,
                models=["scf_carikart"])
    before = (warehouse_rows(warehouse_url, CARIKART, tenant.tenant_id, live=False),
              watermarks(warehouse_url, tenant.tenant_id))
    return tenant, server_code, before


def assert_unchanged(warehouse_url, tenant, before):
    rows, marks = before
    assert warehouse_rows(warehouse_url, CARIKART, tenant.tenant_id, live=False) == rows
    assert watermarks(warehouse_url, tenant.tenant_id) == marks


def assert_recovers(sim, server_code, warehouse_url, tenant):
    sim.set_faults(server_code, None)
    result = sync_tenant(warehouse_url, tenant, [CARIKART])[0]
    assert result.inserted > 0
    assert result.updated > 0
    assert warehouse_rows(warehouse_url, CARIKART, tenant.tenant_id) == simulator_rows(sim, server_code, CARIKART)


def test_credit_running_out_on_a_later_page(sim, warehouse_url, synced):
    tenant, server_code, before = synced
    # Enough kontör for the company listing and two pages, not for the rest.
    sim.set_kontor(server_code, Decimal("0.0125") * 3)

    with pytest.raises(SyncError) as failure:
        sync_tenant(warehouse_url, tenant, [CARIKART], client=fast_client(tenant))

    assert isinstance(failure.value.__cause__, DiaCreditError)
    assert tenant.tenant_id in str(failure.value)
    assert "scf_carikart" in str(failure.value)
    assert_unchanged(warehouse_url, tenant, before)
    sim.set_kontor(server_code, Decimal("1000"))
    assert_recovers(sim, server_code, warehouse_url, tenant)


def test_dropped_connections_past_the_retries(sim, warehouse_url, synced):
    tenant, server_code, before = synced
    # The third listing call and every retry of it lose their connection.
    sim.set_faults(server_code, FaultPlan(faults=(Fault("drop", calls=tuple(range(3, 12))),)))

    with pytest.raises(SyncError) as failure:
        sync_tenant(warehouse_url, tenant, [CARIKART], client=fast_client(tenant))

    assert isinstance(failure.value.__cause__, DiaTransientError)
    assert_unchanged(warehouse_url, tenant, before)
    assert_recovers(sim, server_code, warehouse_url, tenant)


def test_postgres_refusing_the_merge(sim, warehouse_url, synced):
    tenant, server_code, before = synced
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION refuse_merge() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'merge refused by test trigger'; END $$;
            CREATE TRIGGER refuse_merge BEFORE UPDATE ON dia_raw.scf_carikart
                FOR EACH ROW EXECUTE FUNCTION refuse_merge();
            """
        )
        connection.commit()

    with pytest.raises(SyncError, match="merge refused"):
        sync_tenant(warehouse_url, tenant, [CARIKART])

    assert_unchanged(warehouse_url, tenant, before)
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_merge ON dia_raw.scf_carikart")
        cursor.execute("SELECT status, error FROM dia_meta.dia_sync_history ORDER BY id DESC LIMIT 1")
        status, error = cursor.fetchone()
        connection.commit()
    assert status == "failed"
    assert "merge refused" in error
    assert_recovers(sim, server_code, warehouse_url, tenant)


def test_warehouse_connection_lost_mid_sync(sim, warehouse_url, synced):
    tenant, server_code, before = synced
    # Slow listing calls leave time to end the sync's Postgres session from outside.
    sim.set_faults(server_code, FaultPlan(faults=(Fault("slow", calls=(2,), seconds=2.0),)))
    result: dict = {}

    def run_sync():
        try:
            sync_tenant(warehouse_url, tenant, [CARIKART], client=fast_client(tenant))
        except Exception as error:  # the assertion below names what was raised
            result["error"] = error

    worker = threading.Thread(target=run_sync)
    worker.start()
    time.sleep(1.0)
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
        )
        terminated = cursor.rowcount
        connection.commit()
    worker.join(timeout=60)

    assert terminated >= 1
    assert isinstance(result.get("error"), SyncError), repr(result.get("error"))
    assert_unchanged(warehouse_url, tenant, before)
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT status FROM dia_meta.dia_sync_history ORDER BY id DESC LIMIT 1")
        assert cursor.fetchone()[0] == "failed"
    assert_recovers(sim, server_code, warehouse_url, tenant)
