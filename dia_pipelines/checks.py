"""Reconciliation: does the warehouse hold exactly the keys that DIA holds?

One key listing per scope (one call each, ``limit`` 0 with only ``_key`` selected) is compared
with the live keys stored for the tenant. Keys that DIA has but the warehouse lacks are allowed
only when their rows were rejected by validation. Keys that the warehouse has but DIA lacks
mean a deletion was missed, which a full refresh fixes.
"""

import dagster as dg

from dia_pipelines.assets.raw import raw_asset_key
from dia_pipelines.catalog import TABLES, TableSpec
from dia_pipelines.partitions import tenant_partitions
from dia_pipelines.sync import scopes_for
from dia_resources.dagster_resources import DiaSessionsResource, TenantRegistryResource, WarehouseResource
from dia_resources.warehouse.reconcile import compare_keys

RECONCILIATION_CHECK = "reconciliation"

def build_reconciliation_check(spec: TableSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=raw_asset_key(spec),
        name=RECONCILIATION_CHECK,
        partitions_def=tenant_partitions,
        description="Live keys in dia_raw equal the keys DIA lists (rejected rows excepted).",
    )
    def _reconcile(
        context: dg.AssetCheckExecutionContext,
        warehouse: WarehouseResource,
        tenants: TenantRegistryResource,
        dia: DiaSessionsResource,
    ) -> dg.AssetCheckResult:
        tenant = tenants.get(context.partition_key)
        client = dia.client_for(tenant)
        dia_keys = {
            scope: client.list_key_array(
                spec.model, service=spec.service, firma_kodu=scope.firma_kodu, donem_kodu=scope.donem_kodu or None
            )
            for scope in scopes_for(spec, dia.companies_for(tenant))
        }
        comparison = compare_keys(warehouse.connection_url(), spec, tenant.tenant_id, dia_keys)
        return dg.AssetCheckResult(
            passed=comparison.missing_unexplained == 0 and comparison.extra == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "dia_keys": comparison.dia_keys,
                "live_rows": comparison.live_rows,
                "missing_in_warehouse": comparison.missing,
                "missing_but_rejected": comparison.missing - comparison.missing_unexplained,
                "extra_in_warehouse": comparison.extra,
            },
        )

    return _reconcile

reconciliation_checks = [build_reconciliation_check(spec) for spec in TABLES]
