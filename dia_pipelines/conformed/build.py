"""Rebuild one tenant's conformed tables from its live raw rows."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import psycopg2
from psycopg2 import sql

from dia_pipelines.catalog import TABLES_BY_MODEL
from dia_resources.warehouse.ddl import RAW_SCHEMA
from dia_resources.warehouse.frames import read_frame, replace_tenant_rows

from .tables import CARI, CONFORMED_SCHEMA, FATURA, FATURA_KALEMI, STOK, ConformedTable
from .transforms import conform_cari, conform_fatura, conform_fatura_kalemi, conform_stok


@dataclass(frozen=True)
class ConformedResult:
    table: str
    rows: int
    flagged: int  # rows whose recomputed amounts differ from DIA's, or whose tax id is invalid


def read_live_raw(connection, model: str, tenant_id: str) -> pl.DataFrame:
    spec = TABLES_BY_MODEL[model]
    schema = {"firma_kodu": pl.Int32()}
    if "donem_kodu" in spec.scope_columns:
        schema["donem_kodu"] = pl.Int32()
    schema.update({column.name: column.polars_dtype for column in spec.columns})
    where = sql.SQL("tenant_id = %(tenant)s AND _deleted_at IS NULL")
    frame = read_frame(connection, (RAW_SCHEMA, model), schema, where, {"tenant": tenant_id})
    return frame.with_columns(pl.lit(tenant_id, dtype=pl.String).alias("tenant_id"))


def _store(connection, table: ConformedTable, tenant_id: str, frame: pl.DataFrame, *, commit: bool = True) -> None:
    replace_tenant_rows(
        connection, (CONFORMED_SCHEMA, table.name), table.postgres_columns, table.primary_key, tenant_id, frame,
        personal_columns=table.personal_columns, commit=commit,
    )


def build_cari(connection, tenant_id: str) -> ConformedResult:
    frame = conform_cari(read_live_raw(connection, "scf_carikart", tenant_id))
    _store(connection, CARI, tenant_id, frame)
    return ConformedResult("cari", frame.height, frame.filter(pl.col("tax_id_valid").not_()).height)


def build_stok(connection, tenant_id: str) -> ConformedResult:
    frame = conform_stok(read_live_raw(connection, "scf_stokkart", tenant_id))
    _store(connection, STOK, tenant_id, frame)
    return ConformedResult("stok", frame.height, 0)


def build_invoices(connection, tenant_id: str) -> tuple[ConformedResult, ConformedResult]:
    """Rebuild lines and headers from one snapshot and replace both in one transaction.

    Header totals are sums of the lines, so readers must never see new lines with old headers.
    """
    connection.set_session(isolation_level="REPEATABLE READ")
    try:
        lines = conform_fatura_kalemi(read_live_raw(connection, "scf_fatura_kalemi", tenant_id))
        headers = conform_fatura(read_live_raw(connection, "scf_fatura", tenant_id), lines)
        _store(connection, FATURA_KALEMI, tenant_id, lines, commit=False)
        _store(connection, FATURA, tenant_id, headers, commit=False)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.set_session(isolation_level="DEFAULT")
    return (
        ConformedResult("fatura_kalemi", lines.height, lines.filter("amounts_differ").height),
        ConformedResult("fatura", headers.height, headers.filter("totals_differ").height),
    )


def build_conformed(warehouse_url: str, tenant_id: str) -> list[ConformedResult]:
    """Rebuild every conformed table of one tenant (for tests and scripts; assets build one each)."""
    connection = psycopg2.connect(warehouse_url)
    try:
        return [build_cari(connection, tenant_id), build_stok(connection, tenant_id), *build_invoices(connection, tenant_id)]
    finally:
        connection.close()
