"""One asset per catalog table: ``dia_raw/<model>``, partitioned by tenant.

The asset body only chooses the mode, hands the work to the sync flow and reports what it did.
All HTTP is in the DIA client and all SQL in the warehouse loader.
"""

import dagster as dg

from dia_pipelines.catalog import TABLES, TableSpec
from dia_pipelines.groups import RAW_GROUP
from dia_pipelines.partitions import tenant_partitions
from dia_pipelines.sync import TableSyncResult, sync_table
from dia_resources.dagster_resources import DiaSessionsResource, TenantRegistryResource, WarehouseResource

FULL_REFRESH_TAG = "dia/full_refresh"
VALIDATION_CHECK = "validation"

class SyncConfig(dg.Config):
    full_refresh: bool = False
    """List every row and mark keys that DIA no longer has as deleted."""

def raw_asset_key(spec: TableSpec) -> dg.AssetKey:
    return dg.AssetKey([RAW_GROUP, spec.model])

def column_schema(spec: TableSpec) -> dg.TableSchema:
    columns = [dg.TableColumn(name, "text", description="partition scope") for name in spec.scope_columns]
    columns += [
        dg.TableColumn(
            column.name,
            column.postgres_type,
            description=column.description + (" (personal data)" if column.personal else ""),
            constraints=dg.TableColumnConstraints(nullable=column.nullable, unique=column.name == spec.key),
        )
        for column in spec.columns
    ]
    return dg.TableSchema(columns=columns)

def wants_full_refresh(context: dg.AssetExecutionContext, config: SyncConfig) -> bool:
    return config.full_refresh or context.run.tags.get(FULL_REFRESH_TAG, "").lower() == "true"

def sync_metadata(result: TableSyncResult) -> dict:
    return {
        "dagster/row_count": result.live_rows,
        "dagster/table_name": f"{RAW_GROUP}.{result.model}",
        "mode": result.mode,
        "rows_fetched": result.rows_fetched,
        "rows_inserted": result.inserted,
        "rows_updated": result.updated,
        "rows_deleted": result.deleted,
        "rows_rejected": result.rejected,
        "nul_characters_removed": result.nul_removed,
        "pages": result.pages,
        "calls": result.calls,
        "kontor": dg.MetadataValue.float(float(result.kontor)),
        "watermark": dg.MetadataValue.text(result.watermark.isoformat() if result.watermark else ""),
        "seconds": dg.MetadataValue.float(result.seconds),
    }

def validation_result(spec: TableSpec, result: TableSyncResult) -> dg.AssetCheckResult:
    """Pass while the rejected share stays within the catalog's threshold for the table."""
    share = result.rejected / result.rows_fetched if result.rows_fetched else 0.0
    return dg.AssetCheckResult(
        check_name=VALIDATION_CHECK,
        passed=share <= spec.reject_threshold,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rows_rejected": result.rejected,
            "rows_fetched": result.rows_fetched,
            "rejected_share": dg.MetadataValue.float(round(share, 6)),
            "threshold": dg.MetadataValue.float(spec.reject_threshold),
            "rejects_table": "dia_meta.dia_rejects",
        },
    )

def build_raw_asset(spec: TableSpec) -> dg.AssetsDefinition:
    key = raw_asset_key(spec)

    @dg.asset(
        key=key,
        partitions_def=tenant_partitions,
        group_name=RAW_GROUP,
        description=f"{spec.description} Listed with {spec.service}, stored in dia_raw.{spec.model}.",
        kinds={"postgres"},
        metadata={"dagster/column_schema": column_schema(spec), "dia/service": spec.service},
        check_specs=[
            dg.AssetCheckSpec(
                VALIDATION_CHECK,
                asset=key,
                partitions_def=tenant_partitions,
                description=f"Share of rejected rows is at most {spec.reject_threshold:.1%}.",
            )
        ],
    )
    def _raw_table(
        context: dg.AssetExecutionContext,
        config: SyncConfig,
        warehouse: WarehouseResource,
        tenants: TenantRegistryResource,
        dia: DiaSessionsResource,
    ) -> dg.MaterializeResult:
        tenant = tenants.get(context.partition_key)
        result = sync_table(
            dia.client_for(tenant),
            warehouse.connection_url(),
            tenant.tenant_id,
            spec,
            dia.companies_for(tenant),
            full_refresh=wants_full_refresh(context, config),
            run_id=context.run.run_id,
            log=context.log,
        )
        return dg.MaterializeResult(metadata=sync_metadata(result), check_results=[validation_result(spec, result)])

    return _raw_table

raw_assets = [build_raw_asset(spec) for spec in TABLES]
