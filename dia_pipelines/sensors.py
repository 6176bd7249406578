"""Sensors that keep tenants in step with the registry and their data fresh."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    dg.DagsterRunStatus.CANCELING,
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


@dataclass(frozen=True)
class SyncTimes:
    """When a tenant's tables last synced successfully, and when a sync of it last failed."""

    oldest_success: dt.datetime | None
    last_failure: dt.datetime | None


def sync_times(warehouse_url: str) -> dict[str, SyncTimes]:
    """Per tenant: the oldest of its tables' latest successes, and its latest failure.

    Each table counts by its newest success over all scopes, so the rows of a company that was
    dropped from the tenant, which no sync updates any more, do not make it look overdue.
    """
    connection = psycopg2.connect(warehouse_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('dia_meta.dia_sync_history') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return {}
            cursor.execute(
                """
                WITH per_table AS (
                    SELECT tenant_id, model,
                           max(finished_at) FILTER (WHERE status = 'success') AS last_success,
                           max(finished_at) FILTER (WHERE status = 'failed') AS last_failure
                    FROM dia_meta.dia_sync_history GROUP BY tenant_id, model
                )
                SELECT tenant_id,
                       CASE WHEN bool_and(last_success IS NOT NULL) THEN min(last_success) END,
                       max(last_failure)
                FROM per_table GROUP BY tenant_id
                """
            )
            return {tenant_id: SyncTimes(success, failure) for tenant_id, success, failure in cursor.fetchall()}
    finally:
        connection.close()


def tenants_with_active_runs(instance: dg.DagsterInstance) -> set[str]:
    """Tenants with a run in flight, whatever job launched it: a sync, a UI materialization, a backfill."""
    runs = instance.get_runs(filters=dg.RunsFilter(statuses=ACTIVE_RUN_STATUSES))
    return {run.tags["dagster/partition"] for run in runs if "dagster/partition" in run.tags}


def is_due(times: SyncTimes | None, interval: dt.timedelta, now: dt.datetime) -> bool:
    """Due when a table has not synced within the interval, and no sync failed within it.

    Waiting an interval after a failure keeps a wrong password or spent kontör from turning
    into a failed DIA login every minute.
    """
    if times is None:
        return True
    if times.last_failure is not None and now - times.last_failure < interval:
        return False
    return times.oldest_success is None or now - times.oldest_success >= interval


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
    times = sync_times(warehouse.connection_url())
    busy = tenants_with_active_runs(context.instance)
    partitions = set(context.instance.get_dynamic_partitions(TENANT_PARTITIONS_NAME))
    requests = []
    for tenant in tenants.list():
        if not tenant.enabled or tenant.tenant_id not in partitions or tenant.tenant_id in busy:
            continue
        if not is_due(times.get(tenant.tenant_id), dt.timedelta(minutes=tenant.sync_interval_minutes), now):
            continue
        requests.append(dg.RunRequest(partition_key=tenant.tenant_id, tags={"dia/trigger": "interval"}))
    if not requests:
        return dg.SkipReason("every tenant synced within its interval or is syncing now")
    return requests
