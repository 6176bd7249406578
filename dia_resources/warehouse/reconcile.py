"""Compare the keys DIA lists with the live keys stored in ``dia_raw``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import psycopg2
from psycopg2 import sql

from .ddl import DELETED_AT, raw_table
from .loader import KEYS_TABLE, Scope, copy_keys, create_keys_table

if TYPE_CHECKING:
    from dia_pipelines.catalog import TableSpec


@dataclass(frozen=True)
class KeyComparison:
    dia_keys: int
    live_rows: int
    missing: int  # in DIA, not live in the warehouse
    missing_unexplained: int  # missing and never rejected by validation
    extra: int  # live in the warehouse, gone from DIA


def compare_keys(warehouse_url: str, spec: TableSpec, tenant_id: str, dia_keys: dict[Scope, Sequence[int]]) -> KeyComparison:
    firms = sorted({scope.firma_kodu for scope in dia_keys})
    connection = psycopg2.connect(warehouse_url)
    try:
        with connection.cursor() as cursor:
            create_keys_table(cursor)
            for scope, keys in dia_keys.items():
                copy_keys(cursor, scope, keys)
            cursor.execute(
                sql.SQL(
                    """
                    WITH live AS (
                        SELECT firma_kodu, {key} AS _key FROM {raw}
                        WHERE tenant_id = %(tenant)s AND {deleted_at} IS NULL AND firma_kodu = ANY(%(firms)s)
                    ),
                    rejected AS (
                        SELECT DISTINCT firma_kodu, _key FROM dia_meta.dia_rejects
                        WHERE tenant_id = %(tenant)s AND model = %(model)s
                    ),
                    missing AS (
                        SELECT listed.firma_kodu, listed._key FROM {keys} AS listed
                        LEFT JOIN live USING (firma_kodu, _key) WHERE live._key IS NULL
                    )
                    SELECT
                        (SELECT count(*) FROM {keys}),
                        (SELECT count(*) FROM live),
                        (SELECT count(*) FROM missing),
                        (SELECT count(*) FROM missing m WHERE NOT EXISTS (
                            SELECT 1 FROM rejected r WHERE r.firma_kodu = m.firma_kodu AND r._key = m._key::text)),
                        (SELECT count(*) FROM live l WHERE NOT EXISTS (
                            SELECT 1 FROM {keys} k WHERE k.firma_kodu = l.firma_kodu AND k._key = l._key))
                    """
                ).format(
                    key=sql.Identifier(spec.key),
                    raw=raw_table(spec),
                    deleted_at=sql.Identifier(DELETED_AT),
                    keys=sql.Identifier(KEYS_TABLE),
                ),
                {"tenant": tenant_id, "firms": firms, "model": spec.model},
            )
            dia_count, live, missing, unexplained, extra = cursor.fetchone()
        connection.rollback()
    finally:
        connection.close()
    return KeyComparison(dia_count, live, missing, unexplained, extra)
