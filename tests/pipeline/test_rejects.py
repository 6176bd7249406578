"""Rejected values are stored with their reason, whatever characters they contain."""

from __future__ import annotations

import datetime as dt
from contextlib import closing

import polars as pl
import psycopg2

from dia_pipelines.catalog import TABLES_BY_MODEL
from dia_pipelines.sync.decode import decode_page
from dia_resources.warehouse.ddl import ensure_warehouse
from dia_resources.warehouse.loader import Scope, SyncRecord, TableLoad

CARIKART = TABLES_BY_MODEL["scf_carikart"]


def row(key: int, **values) -> dict:
    return {"_key": key, "_date": "2024-05-01 10:00:00", "carikartkodu": f"C{key}", **values}


def test_rejects_with_nul_and_extra_digits_are_stored(warehouse_url):
    rows = [
        row(1, borctoplam="12.500000"),
        row(2, borctoplam="5\x00"),  # a NUL inside a decimal: rejected, and Postgres must still take it
        row(3, borctoplam="1.1234567"),  # a seventh fraction digit would be lost by rounding
        row(4, borctoplam="1e5"),
    ]
    page = decode_page(CARIKART, rows, 1, 0)

    with closing(psycopg2.connect(warehouse_url)) as connection:
        ensure_warehouse(connection, (CARIKART,))
        load = TableLoad(connection, CARIKART, "acme")
        load.open()
        load.stage_rows(page.frame.with_columns(tenant_id=pl.lit("acme")))
        load.add_rejects(page.rejects)
        record = SyncRecord(run_id="r1", mode="full", started_at=dt.datetime.now(),
                            pages=1, calls=1, kontor=0, rejected=page.rejected_rows)
        load.commit({Scope(1): page.max_watermark}, record)
        with connection.cursor() as cursor:
            cursor.execute("SELECT _key, column_name, reason, raw_value FROM dia_meta.dia_rejects ORDER BY _key")
            stored = cursor.fetchall()
            cursor.execute("SELECT _key, borctoplam FROM dia_raw.scf_carikart")
            loaded = cursor.fetchall()

    reason = "not a decimal number with at most 6 fraction digits"
    assert stored == [
        ("2", "borctoplam", reason, "5\\0"),
        ("3", "borctoplam", reason, "1.1234567"),
        ("4", "borctoplam", reason, "1e5"),
    ]
    assert [key for key, _ in loaded] == [1]
    assert str(loaded[0][1]) == "12.500000"
