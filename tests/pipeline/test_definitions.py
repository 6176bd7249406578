"""The Dagster code location loads, and the tenant sensor follows the registry."""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg
import pytest
from cryptography.fernet import Fernet

from dia_pipelines.definitions import defs
from dia_pipelines.partitions import TENANT_PARTITIONS_NAME
from dia_pipelines.sensors import tenant_partitions_sensor
from dia_resources.dagster_resources import TenantRegistryResource, WarehouseResource
from dia_resources.tenants import Tenant, TenantRegistry


def test_definitions_validate_with_dagster_cli(tmp_path):
    # An empty DAGSTER_HOME: validating definitions needs no instance storage.
    environment = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-m", "dia_pipelines.definitions"],
        capture_output=True, text=True, timeout=180, env=environment,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_catalog_table_has_an_asset_and_checks():
    from dia_pipelines.catalog import TABLES

    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    check_keys = {(key.asset_key.to_user_string(), key.name) for key in repository.asset_graph.asset_check_keys}
    for spec in TABLES:
        assert f"dia_raw/{spec.model}" in keys
        assert (f"dia_raw/{spec.model}", "validation") in check_keys
        assert (f"dia_raw/{spec.model}", "reconciliation") in check_keys


@pytest.fixture
def registry(warehouse_url, monkeypatch) -> TenantRegistry:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("DIA_SECRET_KEY", key)
    return TenantRegistry(warehouse_url, [key])


def _register(registry: TenantRegistry, tenant_id: str) -> None:
    registry.add(Tenant.create(tenant_id, username="u", password="p", api_key="k", server_code=tenant_id))


def _evaluate(instance, warehouse_url):
    resources = {"tenants": TenantRegistryResource(warehouse=WarehouseResource(url=warehouse_url))}
    with dg.build_sensor_context(instance=instance, resources=resources) as context:
        return tenant_partitions_sensor(context)


def _apply(instance, result) -> None:
    for request in result.dynamic_partitions_requests:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)


def test_tenant_sensor_adds_and_removes_partitions(registry, warehouse_url):
    with dg.instance_for_test() as instance:
        _register(registry, "acme")
        _register(registry, "beta")
        added = _evaluate(instance, warehouse_url)
        assert [(type(r).__name__, sorted(r.partition_keys)) for r in added.dynamic_partitions_requests] == [
            ("AddDynamicPartitionsRequest", ["acme", "beta"])
        ]
        _apply(instance, added)
        assert sorted(instance.get_dynamic_partitions(TENANT_PARTITIONS_NAME)) == ["acme", "beta"]

        assert isinstance(_evaluate(instance, warehouse_url), dg.SkipReason)

        registry.remove("acme")
        _register(registry, "gamma")
        changed = _evaluate(instance, warehouse_url)
        _apply(instance, changed)
        assert sorted(instance.get_dynamic_partitions(TENANT_PARTITIONS_NAME)) == ["beta", "gamma"]


def test_runs_keep_one_process_per_run():
    # One process per run means one DIA session per run, whichever job the UI builds.
    assert defs.resolve_job_def("dia_sync").executor_def.name == "in_process"
    assert defs.resolve_implicit_global_asset_job_def().executor_def.name == "in_process"


def test_incremental_sensor_requests_stale_tenants(registry, warehouse_url):
    from contextlib import closing

    import psycopg2

    from dia_pipelines.catalog import TABLES
    from dia_pipelines.sensors import incremental_sync_sensor
    from dia_resources.warehouse.ddl import ensure_warehouse

    tenant_ids = ("stale", "fresh", "never", "paused", "failing", "moved")
    for tenant_id in tenant_ids:
        _register(registry, tenant_id)
    registry.set_enabled("paused", False)
    history = [
        ("stale", "scf_carikart", "success", "2 hours"),
        ("fresh", "scf_carikart", "success", "5 minutes"),
        ("paused", "scf_carikart", "success", "1 day"),
        # Failed 10 minutes ago after an old success: wait an interval before trying again.
        ("failing", "scf_carikart", "success", "1 day"),
        ("failing", "scf_carikart", "failed", "10 minutes"),
        # An old success of the same table (e.g. a company since dropped) does not count.
        ("moved", "scf_carikart", "success", "2 days"),
        ("moved", "scf_carikart", "success", "5 minutes"),
    ]
    with closing(psycopg2.connect(warehouse_url)) as connection:
        ensure_warehouse(connection, TABLES)
        with connection.cursor() as cursor:
            for tenant_id, model, status, age in history:
                cursor.execute(
                    "INSERT INTO dia_meta.dia_sync_history (tenant_id, model, mode, status, started_at, finished_at)"
                    " VALUES (%s, %s, 'full', %s, now() - %s::interval, now() - %s::interval)",
                    (tenant_id, model, status, age, age),
                )
        connection.commit()

    resources = {
        "tenants": TenantRegistryResource(warehouse=WarehouseResource(url=warehouse_url)),
        "warehouse": WarehouseResource(url=warehouse_url),
    }
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TENANT_PARTITIONS_NAME, list(tenant_ids))
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            requests = incremental_sync_sensor(context)

    assert sorted(request.partition_key for request in requests) == ["never", "stale"]
    assert all(request.run_key is None for request in requests)


def test_incremental_sensor_skips_tenant_with_run_in_flight(registry, warehouse_url):
    from dia_pipelines.sensors import incremental_sync_sensor

    _register(registry, "busy")
    resources = {
        "tenants": TenantRegistryResource(warehouse=WarehouseResource(url=warehouse_url)),
        "warehouse": WarehouseResource(url=warehouse_url),
    }
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TENANT_PARTITIONS_NAME, ["busy"])
        # A materialization started from the UI runs the implicit asset job, not dia_sync.
        run = instance.create_run_for_job(
            defs.resolve_implicit_global_asset_job_def(), tags={"dagster/partition": "busy"}
        )
        instance.handle_run_event(
            run.run_id,
            dg.DagsterEvent(
                event_type_value=dg.DagsterEventType.RUN_START.value, job_name=run.job_name, message="started"
            ),
        )
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            result = incremental_sync_sensor(context)

    assert isinstance(result, dg.SkipReason)
