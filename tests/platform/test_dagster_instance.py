"""dagster.yaml: a real Dagster instance on the embedded Postgres, and the per-tenant run limit."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import closing

import dagster as dg
import psycopg2
import pytest
from dagster._core.storage.dagster_run import DagsterRun, RunsFilter
from dagster._utils.tags import TagConcurrencyLimitsCounter

from dia_pipelines.partitions import tenant_partitions
from dia_resources.warehouse import settings


@pytest.fixture
def instance(project_env, monkeypatch) -> Iterator[dg.DagsterInstance]:
    """The instance that `dia-pipelines env` describes, loaded the way Dagster's processes load it."""
    for name, value in settings.dagster_env().items():
        monkeypatch.setenv(name, value)
    with dg.DagsterInstance.get() as loaded:
        yield loaded


def table_exists(url: str, table: str) -> bool:
    with closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
        return cursor.fetchone()[0]


def test_storage_is_the_embedded_postgres(instance):
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
    assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"


def test_tables_in_dagster_database(instance):
    assert table_exists(settings.dagster_storage_url(), "public.runs")
    assert table_exists(settings.dagster_storage_url(), "public.event_logs")
    assert not table_exists(settings.warehouse_url(), "public.runs")


def test_runs_persist_across_instances(instance):
    job_name = f"probe_{uuid.uuid4().hex[:8]}"
    instance.add_run(DagsterRun(job_name=job_name, tags={"dagster/partition": "acme"}))

    with dg.DagsterInstance.get() as second:
        runs = second.get_runs(filters=RunsFilter(job_name=job_name, tags={"dagster/partition": "acme"}))

    assert len(runs) == 1


def test_local_files_under_dia_dir(instance, project_env):
    assert instance.storage_directory().startswith(str(project_env / ".dia" / "dagster"))
    assert instance.telemetry_enabled is False


def test_run_queue_limits(instance):
    config = instance.run_coordinator.get_run_queue_config()
    limits = {limit["key"]: limit for limit in config.tag_concurrency_limits}

    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert config.max_concurrent_runs == 4
    for key in ("dagster/partition", "dagster/partition/tenant", "dia/tenant"):
        assert limits[key]["limit"] == 1
        assert limits[key]["value"] == {"applyLimitPerUniqueValue": True}


def _run_for(tags: dict[str, str]) -> DagsterRun:
    return DagsterRun(job_name="dia_sync", tags=tags)


def test_same_tenant_runs_wait(instance):
    """A queued run of a tenant stays blocked while another run of that tenant is in progress."""
    limits = instance.run_coordinator.get_run_queue_config().tag_concurrency_limits
    acme = tenant_partitions.get_tags_for_partition_key("acme")
    beta = tenant_partitions.get_tags_for_partition_key("beta")
    counter = TagConcurrencyLimitsCounter(limits, [_run_for(acme)])

    assert acme == {"dagster/partition": "acme"}
    assert counter.is_blocked(_run_for(acme)) is True
    assert counter.is_blocked(_run_for(beta)) is False


def test_multi_partition_tenant_runs_wait(instance):
    """With a tenant dimension named "tenant", runs of other tables of that tenant wait too."""
    limits = instance.run_coordinator.get_run_queue_config().tag_concurrency_limits
    partitions = dg.MultiPartitionsDefinition(
        {
            "tenant": dg.StaticPartitionsDefinition(["acme", "beta"]),
            "model": dg.StaticPartitionsDefinition(["scf_carikart", "scf_fatura"]),
        }
    )

    def tags(tenant: str, model: str) -> dict[str, str]:
        return dict(partitions.get_tags_for_partition_key(dg.MultiPartitionKey({"tenant": tenant, "model": model})))

    counter = TagConcurrencyLimitsCounter(limits, [_run_for(tags("acme", "scf_carikart"))])

    assert counter.is_blocked(_run_for(tags("acme", "scf_fatura"))) is True
    assert counter.is_blocked(_run_for(tags("beta", "scf_carikart"))) is False


def test_workspace_loads_definitions_module():
    import yaml

    workspace = yaml.safe_load((settings.REPO_ROOT / "workspace.yaml").read_text())

    assert workspace["load_from"] == [
        {"python_module": {"module_name": "dia_pipelines.definitions", "location_name": "dia_pipelines"}}
    ]
