"""Sensors that keep tenants in step with the registry and their data fresh."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import psycopg2

from dia_pipelines.jobs import sync_job
from dia_pipelines.partitions import TENANT_PARTITIONS_NAME, tenant_partitions
from dia_resources.dagster_resources import TenantRegistryResource, WarehouseResource

ACTIVE_RUN_STATUSES = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


@dg.sensor(
    name="tenant_partitions_sensor",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Adds a tenant partition for each registered tenant and removes those no longer registered.",
)
def tenant_partitions_sensor(context: dg.SensorEvaluationContext, tenants: TenantRegistryResource):
    registered = {tenant.tenant_id for tenant in tenants.list()}
    existing = set(context.instance.get_dynamic_partitions(TENANT_PARTITIONS_NAME))
    added, removed = sorted(registered - existing), sorted(existing - registered)
    if not added and not removed:
        return dg.SkipReason(f"{len(existing)} tenant partitions match the registry")
    requests = []
    if added:
        requests.append(tenant_partitions.build_add_request(added))
    if removed:
        requests.append(tenant_partitions.build_delete_request(removed))
    context.log.info("Tenant partitions: adding %s, removing %s", added, removed)
    return dg.SensorResult(dynamic_partitions_requests=requests)


def last_successful_syncs(warehouse_url: str) -> dict[str, dt.datetime]:
    """Oldest last-success time over each tenant's tables and scopes."""
    connection = psycopg2.connect(warehouse_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('dia_meta.dia_sync_status') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return {}
            cursor.execute("SELECT tenant_id, min(last_success_at) FROM dia_meta.dia_sync_status GROUP BY tenant_id")
            return dict(cursor.fetchall())
    finally:
        connection.close()


def tenants_with_active_runs(instance: dg.DagsterInstance) -> set[str]:
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=sync_job.name, statuses=ACTIVE_RUN_STATUSES))
    return {run.tags.get("dagster/partition") for run in runs}


@dg.sensor(
    name="incremental_sync_sensor",
    job=sync_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests an incremental sync for each tenant whose last successful sync is older than its interval.",
)
def incremental_sync_sensor(
    context: dg.SensorEvaluationContext, tenants: TenantRegistryResource, warehouse: WarehouseResource
):
    # No run_key: Dagster skips a repeated run_key forever, but a tenant must sync again every
    # interval. Duplicates are avoided by skipping tenants that already have a run in flight.
    now = dt.datetime.now(dt.timezone.utc)
    last_success = last_successful_syncs(warehouse.connection_url())
    busy = tenants_with_active_runs(context.instance)
    partitions = set(context.instance.get_dynamic_partitions(TENANT_PARTITIONS_NAME))
    requests = []
    for tenant in tenants.list():
        if not tenant.enabled or tenant.tenant_id not in partitions or tenant.tenant_id in busy:
            continue
        synced_at = last_success.get(tenant.tenant_id)
        if synced_at is not None and now - synced_at < dt.timedelta(minutes=tenant.sync_interval_minutes):
            continue
        requests.append(dg.RunRequest(partition_key=tenant.tenant_id, tags={"dia/trigger": "interval"}))
    if not requests:
        return dg.SkipReason("every tenant synced within its interval or is syncing now")
    return requests
