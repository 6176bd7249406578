"""The Dagster code location: every asset, check, job, sensor and resource of dia-pipelines."""

import dagster as dg

from dia_pipelines.assets import conformed_assets, raw_assets
from dia_pipelines.checks import reconciliation_checks
from dia_pipelines.dbt_assets import dbt_after_sync, dbt_build_job, dbt_resource, dia_dbt_assets
from dia_pipelines.jobs import sync_job
from dia_pipelines.sensors import incremental_sync_sensor, tenant_partitions_sensor
from dia_resources.dagster_resources import DiaSessionsResource, TenantRegistryResource, WarehouseResource

warehouse = WarehouseResource()

# Every job runs its steps in one process, including the jobs the UI builds for a materialization
# or a backfill. All assets of a run then share one DIA session, because a second login by the
# same DIA user would end the first.

defs = dg.Definitions(
    assets=[*raw_assets, *conformed_assets, dia_dbt_assets],
    asset_checks=reconciliation_checks,
    jobs=[sync_job, dbt_build_job],
    sensors=[tenant_partitions_sensor, incremental_sync_sensor, dbt_after_sync],
    executor=dg.in_process_executor,
    resources={
        "warehouse": warehouse,
        "tenants": TenantRegistryResource(warehouse=warehouse),
        "dia": DiaSessionsResource(),
        "dbt": dbt_resource(),
    },
)
