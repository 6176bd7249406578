"""Conformed assets: per-tenant tables in ``dia_conformed`` built from the raw tables."""

from contextlib import closing

import dagster as dg
import psycopg2

from dia_pipelines.conformed.build import build_cari, build_invoices, build_stok
from dia_pipelines.conformed.tables import CARI, CONFORMED_SCHEMA, FATURA, FATURA_KALEMI, STOK, ConformedTable
from dia_pipelines.groups import CONFORMED_GROUP
from dia_pipelines.partitions import tenant_partitions
from dia_resources.dagster_resources import WarehouseResource

def conformed_key(table: ConformedTable) -> dg.AssetKey:
    return dg.AssetKey([CONFORMED_SCHEMA, table.name])

def _raw_deps(table: ConformedTable) -> list[dg.AssetKey]:
    return [dg.AssetKey(["dia_raw", model]) for model in table.source_models]

def _spec(table: ConformedTable) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=conformed_key(table),
        deps=_raw_deps(table),
        group_name=CONFORMED_GROUP,
        description=table.description,
        kinds={"postgres", "polars"},
        partitions_def=tenant_partitions,
        metadata={
            "dagster/table_name": f"{CONFORMED_SCHEMA}.{table.name}",
            "dagster/column_schema": dg.TableSchema(
                columns=[
                    dg.TableColumn(
                        name, pg_type, description="personal data" if name in table.personal_columns else None
                    )
                    for name, pg_type in table.postgres_columns.items()
                ]
            ),
            "personal_columns": ", ".join(table.personal_columns),
        },
    )

def _metadata(result) -> dict:
    return {"dagster/row_count": result.rows, "rows_flagged": result.flagged}

@dg.multi_asset(specs=[_spec(CARI)], name="conformed_cari")
def conformed_cari(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with _connect(warehouse) as connection:
        result = build_cari(connection, context.partition_key)
    yield dg.MaterializeResult(asset_key=conformed_key(CARI), metadata=_metadata(result))

@dg.multi_asset(specs=[_spec(STOK)], name="conformed_stok")
def conformed_stok(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with _connect(warehouse) as connection:
        result = build_stok(connection, context.partition_key)
    yield dg.MaterializeResult(asset_key=conformed_key(STOK), metadata=_metadata(result))

@dg.multi_asset(specs=[_spec(FATURA_KALEMI), _spec(FATURA)], name="conformed_invoices")
def conformed_invoices(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Lines and headers are built together: header totals are sums of the recomputed lines."""
    with _connect(warehouse) as connection:
        lines, headers = build_invoices(connection, context.partition_key)
    yield dg.MaterializeResult(asset_key=conformed_key(FATURA_KALEMI), metadata=_metadata(lines))
    yield dg.MaterializeResult(asset_key=conformed_key(FATURA), metadata=_metadata(headers))

def _connect(warehouse: WarehouseResource) -> closing:
    # psycopg2's own context manager only ends the transaction; closing() also closes.
    return closing(psycopg2.connect(warehouse.connection_url()))

conformed_assets = [conformed_cari, conformed_stok, conformed_invoices]
