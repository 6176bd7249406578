"""An independent reading of the simulator's rows, to compare the warehouse against.

This decodes DIA's encoding with plain Python (Decimal, datetime.strptime), not with the
pipeline's Polars decoder, so a decoding bug cannot hide behind itself.
"""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from decimal import Decimal

import psycopg2
from psycopg2 import sql

from dia_pipelines.catalog import Scope, TableSpec, Wire

TRUE_TEXT = {"t", "true", "e", "1"}


def decode_value(wire: Wire, value):
    if value is None:
        return None
    if wire is Wire.TEXT:
        return value.replace("\x00", "")
    text = str(value).strip()
    if text == "":
        return None
    if wire in (Wire.KEY, Wire.INTEGER):
        return int(text)
    if wire is Wire.DECIMAL:
        return Decimal(text)
    if wire is Wire.BOOLEAN:
        return text.lower() in TRUE_TEXT
    if wire is Wire.DATE:
        return dt.date.fromisoformat(text)
    if wire is Wire.TIME:
        return dt.time.fromisoformat(text)
    if wire is Wire.TIMESTAMP:
        return dt.datetime.fromisoformat(text)
    raise AssertionError(f"unhandled wire type {wire}")


def simulator_rows(sim, server_code: str, spec: TableSpec) -> dict[tuple[int, int], tuple]:
    """Every live row the simulator holds for ``spec``, keyed by (firma_kodu, _key)."""
    tenant = sim.tenant(server_code)
    expected = {}
    for company in tenant.companies:
        periods = company.donemler if spec.scope is Scope.PERIOD else [None]
        for donem in periods:
            for row in sim.rows(server_code, spec.model, firma_kodu=company.firma_kodu, donem_kodu=donem):
                values = tuple(decode_value(column.wire, row.get(column.name)) for column in spec.columns)
                expected[(company.firma_kodu, int(row["_key"]))] = values
    return expected


def warehouse_rows(warehouse_url: str, spec: TableSpec, tenant_id: str, *, live: bool = True) -> dict[tuple[int, int], tuple]:
    """Rows of ``dia_raw.<model>`` for one tenant, keyed like ``simulator_rows``."""
    query = sql.SQL("SELECT firma_kodu, {columns} FROM {table} WHERE tenant_id = %s {live}").format(
        columns=sql.SQL(", ").join(sql.Identifier(column.name) for column in spec.columns),
        table=sql.Identifier("dia_raw", spec.model),
        live=sql.SQL("AND _deleted_at IS NULL" if live else ""),
    )
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(query, (tenant_id,))
        key_index = spec.column_names.index(spec.key)
        return {(row[0], row[1 + key_index]): tuple(row[1:]) for row in cursor.fetchall()}


def deleted_keys(warehouse_url: str, spec: TableSpec, tenant_id: str) -> set[int]:
    query = sql.SQL("SELECT {key} FROM {table} WHERE tenant_id = %s AND _deleted_at IS NOT NULL").format(
        key=sql.Identifier(spec.key), table=sql.Identifier("dia_raw", spec.model)
    )
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(query, (tenant_id,))
        return {row[0] for row in cursor.fetchall()}


def watermarks(warehouse_url: str, tenant_id: str) -> dict[tuple, dt.datetime]:
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT model, firma_kodu, donem_kodu, watermark FROM dia_meta.dia_sync_status WHERE tenant_id = %s",
            (tenant_id,),
        )
        return {(model, firma, donem): mark for model, firma, donem, mark in cursor.fetchall()}
