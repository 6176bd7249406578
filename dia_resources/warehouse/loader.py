"""Load one table of one tenant: stage page by page, then merge in one transaction.

The whole load runs in a single Postgres transaction on one connection. Pages are copied into
an unindexed temporary table as they arrive, so memory stays bounded by the page. The first
load of a tenant's company-wide table copies them straight into the raw table instead.

At the end, ``commit`` upserts the staged rows into ``dia_raw.<model>``, marks vanished keys as
deleted, stores the rejects, advances the watermarks and appends the history row. Any
failure before that commit (DIA, validation, Postgres) rolls all of it back, so the raw table,
the watermarks and the rejects stay exactly as they were and a rerun is safe.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl
from psycopg2 import sql

from .ddl import DELETED_AT, SYNCED_AT, raw_column_definitions, raw_table

if TYPE_CHECKING:
    from dia_pipelines.catalog import TableSpec

STAGE_TABLE = "dia_stage"
KEYS_TABLE = "dia_stage_keys"

# Keys copied into KEYS_TABLE per COPY: about 2 MB of CSV.
KEY_COPY_ROWS = 100_000

REJECT_COLUMNS = ("firma_kodu", "donem_kodu", "_key", "column_name", "reason", "raw_value")


@dataclass(frozen=True)
class Scope:
    """One listing scope: a company, or a company's fiscal period (donem_kodu 0 for cards)."""

    firma_kodu: int
    donem_kodu: int = 0


@dataclass(frozen=True)
class MergeCounts:
    inserted: int
    updated: int
    deleted: int
    live_rows: int


@dataclass(frozen=True)
class SyncRecord:
    """The facts of one sync that the history table keeps."""

    run_id: str | None
    mode: str
    started_at: dt.datetime
    pages: int
    calls: int
    kontor: object  # Decimal
    rejected: int


def copy_frame(cursor, table: str | sql.Identifier, frame: pl.DataFrame) -> None:
    """COPY a frame into ``table`` as CSV with every text field quoted.

    Quoting every non-numeric field keeps an empty string apart from NULL (an unquoted empty
    field) and stores tabs, newlines, backslashes and the two characters ``\\N`` unchanged.
    """
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, quote_style="non_numeric", null_value="")
    buffer.seek(0)
    columns = sql.SQL(", ").join(sql.Identifier(name) for name in frame.columns)
    target = table if isinstance(table, sql.Identifier) else sql.Identifier(table)
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(target, columns)
    cursor.copy_expert(statement.as_string(cursor), buffer)


def create_keys_table(cursor) -> None:
    """Create the temporary table of listed keys; it is dropped at the end of the transaction."""
    cursor.execute(
        sql.SQL("CREATE TEMP TABLE {} (firma_kodu integer, donem_kodu integer, _key bigint) ON COMMIT DROP").format(
            sql.Identifier(KEYS_TABLE)
        )
    )


def copy_keys(cursor, scope: Scope, keys: Sequence[int]) -> None:
    """COPY ``keys`` of one scope into the session's key table, in slices of KEY_COPY_ROWS."""
    key_series = pl.Series("_key", keys, dtype=pl.Int64)
    for offset in range(0, key_series.len(), KEY_COPY_ROWS):
        frame = key_series.slice(offset, KEY_COPY_ROWS).to_frame().select(
            pl.lit(scope.firma_kodu, dtype=pl.Int32).alias("firma_kodu"),
            pl.lit(scope.donem_kodu, dtype=pl.Int32).alias("donem_kodu"),
            "_key",
        )
        copy_frame(cursor, KEYS_TABLE, frame)


class TableLoad:
    """One sync of one table for one tenant, from the first staged page to the commit."""

    def __init__(self, connection, spec: TableSpec, tenant_id: str):
        self.connection = connection
        self.spec = spec
        self.tenant_id = tenant_id
        self.staged_rows = 0
        self._rejects: list[pl.DataFrame] = []
        self._full_scopes: list[Scope] = []
        self._load_columns = [name for name, _ in raw_column_definitions(spec) if name not in (SYNCED_AT, DELETED_AT)]
        # Highest key staged per firma_kodu while every staged key is still unique (see _note_keys).
        self._last_keys: dict[int, int] | None = {}
        # The transaction's now() as Postgres writes it, set when pages are copied straight
        # into the raw table (see open), and the rows copied that way.
        self._direct_synced_at: str | None = None
        self._direct_rows = 0

    def open(self) -> None:
        """Create the session's staging tables; they vanish at commit or rollback."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                sql.SQL(
                    "CREATE TEMP TABLE {stage} ON COMMIT DROP AS "
                    "SELECT {columns}, 0::bigint AS _load_seq FROM {raw} WITH NO DATA"
                ).format(
                    stage=sql.Identifier(STAGE_TABLE),
                    columns=sql.SQL(", ").join(sql.Identifier(name) for name in self._load_columns),
                    raw=raw_table(self.spec),
                )
            )
            create_keys_table(cursor)

            # A company-wide table that has no row of the tenant yet takes its pages straight
            # into the raw table, which saves the staging copy and the INSERT at commit. Period
            # tables list each company once per period, so their keys could repeat.
            if "donem_kodu" not in self.spec.scope_columns and self._tenant_is_new(cursor):
                cursor.execute("SELECT now()::text")
                self._direct_synced_at = cursor.fetchone()[0]

    def stage_rows(self, frame: pl.DataFrame) -> None:
        """Copy typed rows (scope columns plus the catalog's columns) into staging.

        While the raw table is loaded directly (see open) and no key has repeated, the rows go
        straight into the raw table instead.
        """
        if frame.height == 0:
            return
        self._note_keys(frame)
        if self._direct_synced_at is not None and self._last_keys is not None:
            self._copy_into_raw(frame)
            return

        ordered = frame.select(self._load_columns).with_columns(
            pl.int_range(self.staged_rows, self.staged_rows + frame.height, dtype=pl.Int64).alias("_load_seq")
        )
        with self.connection.cursor() as cursor:
            copy_frame(cursor, STAGE_TABLE, ordered)
        self.staged_rows += frame.height

    def _copy_into_raw(self, frame: pl.DataFrame) -> None:
        # _synced_at gets the same now() that the INSERT at commit would write, and
        # _deleted_at stays NULL.
        rows = frame.select(self._load_columns).with_columns(
            pl.lit(self._direct_synced_at, dtype=pl.String).alias(SYNCED_AT)
        )
        with self.connection.cursor() as cursor:
            copy_frame(cursor, raw_table(self.spec), rows)
        self._direct_rows += frame.height

    def _note_keys(self, frame: pl.DataFrame) -> None:
        """Keep track of whether any key (with its firma_kodu) may have been staged twice.

        A key-paged listing yields strictly ascending keys, so as long as each page of a company
        starts above the last key staged for it, no key repeats and the merge needs no DISTINCT
        ON sort. A second listing of the same company (another period, say) ends the tracking.
        """
        if self._last_keys is None:
            return
        companies = frame.get_column("firma_kodu").unique()
        keys = frame.get_column(self.spec.key)
        ascending = keys.null_count() == 0 and (keys.len() == 1 or bool((keys.diff().drop_nulls() > 0).all()))
        if companies.len() != 1 or companies[0] is None or not ascending:
            self._last_keys = None
            return
        company = companies[0]
        previous = self._last_keys.get(company)
        if previous is not None and keys[0] <= previous:
            self._last_keys = None
            return
        self._last_keys[company] = keys[-1]

    def stage_keys(self, scope: Scope, keys: Sequence[int]) -> None:
        """Record every key DIA has in ``scope``; keys missing from it are marked deleted.

        ``keys`` may be a list or an ``array("q")``. They are copied in slices, so the CSV
        text in memory stays small however many keys the scope has.
        """
        with self.connection.cursor() as cursor:
            copy_keys(cursor, scope, keys)
        self._full_scopes.append(scope)

    def add_rejects(self, rejects: pl.DataFrame) -> None:
        """Keep rejected rows for the commit, so a failed sync stores none of them."""
        if rejects.height:
            self._rejects.append(rejects.select(REJECT_COLUMNS))

    def commit(self, watermarks: dict[Scope, dt.datetime | None], record: SyncRecord) -> MergeCounts:
        """Merge, apply deletes, store rejects, advance watermarks and history, then commit."""
        with self.connection.cursor() as cursor:
            inserted, updated = self._merge(cursor)
            deleted = self._apply_deletes(cursor)
            self._store_rejects(cursor, record.run_id)
            self._advance_watermarks(cursor, watermarks, record)
            live_rows = self._count_live(cursor)
            self._append_history(cursor, record, "success", inserted, updated, deleted, live_rows, None)
        self.connection.commit()
        return MergeCounts(inserted=inserted, updated=updated, deleted=deleted, live_rows=live_rows)

    def _merge(self, cursor) -> tuple[int, int]:
        if self.staged_rows == 0:
            return self._direct_rows, 0
        # NOTE: a key staged after the direct copy stopped, and copied directly before, counts
        # as inserted and, if it changed, as updated. Only a company listed twice in one sync
        # can do that.
        inserted, updated = self._upsert(cursor)
        return inserted + self._direct_rows, updated

    def _upsert(self, cursor) -> tuple[int, int]:
        names = [name for name in self._load_columns]
        tracked = [name for name in names if name not in ("tenant_id", "firma_kodu", self.spec.key)]
        column_list = sql.SQL(", ").join(sql.Identifier(name) for name in names)
        # DISTINCT ON keeps the last copy of a key that was staged twice (a row changed while
        # its table was being paged through). Its sort is skipped when no key can repeat.
        if self._last_keys is None:
            last_copies = sql.SQL(
                "SELECT DISTINCT ON (tenant_id, firma_kodu, {key}) {columns}, now(), NULL FROM {stage}"
                " ORDER BY tenant_id, firma_kodu, {key}, _load_seq DESC"
            )
        else:
            last_copies = sql.SQL("SELECT {columns}, now(), NULL FROM {stage}")
        last_copies = last_copies.format(
            key=sql.Identifier(self.spec.key), columns=column_list, stage=sql.Identifier(STAGE_TABLE)
        )

        if self._tenant_is_new(cursor):
            # Nothing to conflict with, so a plain INSERT does the job of the upsert in about
            # half the time.
            cursor.execute(
                sql.SQL("INSERT INTO {raw} ({columns}, {synced_at}, {deleted_at}) {rows}").format(
                    raw=raw_table(self.spec), columns=column_list, synced_at=sql.Identifier(SYNCED_AT),
                    deleted_at=sql.Identifier(DELETED_AT), rows=last_copies,
                )
            )
            return cursor.rowcount, 0

        statement = sql.SQL(
            """
            WITH upserted AS (
                INSERT INTO {raw} AS target ({columns}, {synced_at}, {deleted_at})
                {rows}
                ON CONFLICT (tenant_id, firma_kodu, {key}) DO UPDATE SET
                    {assignments}, {synced_at} = EXCLUDED.{synced_at}, {deleted_at} = NULL
                WHERE ({target_values}, target.{deleted_at} IS NOT NULL)
                    IS DISTINCT FROM ({excluded_values}, false)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted
            """
        ).format(
            raw=raw_table(self.spec),
            columns=column_list,
            synced_at=sql.Identifier(SYNCED_AT),
            deleted_at=sql.Identifier(DELETED_AT),
            key=sql.Identifier(self.spec.key),
            rows=last_copies,
            assignments=sql.SQL(", ").join(
                sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(name)) for name in tracked
            ),
            target_values=sql.SQL(", ").join(sql.SQL("target.{}").format(sql.Identifier(name)) for name in tracked),
            excluded_values=sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(sql.Identifier(name)) for name in tracked),
        )
        cursor.execute(statement)
        inserted, updated = cursor.fetchone()
        return inserted, updated

    def _tenant_is_new(self, cursor) -> bool:
        """Return whether the raw table has no row of this tenant, deleted rows included.

        The transaction-level lock makes a concurrent load of the same tenant and table wait
        until this one commits, so the answer stays true until then.
        """
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"dia_raw.{self.spec.model} {self.tenant_id}",)
        )
        cursor.execute(
            sql.SQL("SELECT NOT EXISTS (SELECT 1 FROM {} WHERE tenant_id = %s)").format(raw_table(self.spec)),
            (self.tenant_id,),
        )
        return cursor.fetchone()[0]

    def _apply_deletes(self, cursor) -> int:
        """Mark live rows of the fully listed scopes whose keys DIA no longer has."""
        if not self._full_scopes:
            return 0
        # The scopes come from the listing, not from the staged keys: a company or period that
        # DIA emptied lists no key at all, and all its rows must be marked deleted.
        has_period = "donem_kodu" in self.spec.scope_columns
        if has_period:
            scope_match = sql.SQL("(target.firma_kodu, target.donem_kodu) IN ({})").format(
                sql.SQL(", ").join(
                    sql.SQL("({}, {})").format(sql.Literal(scope.firma_kodu), sql.Literal(scope.donem_kodu))
                    for scope in self._full_scopes
                )
            )
        else:
            scope_match = sql.SQL("target.firma_kodu IN ({})").format(
                sql.SQL(", ").join(sql.Literal(scope.firma_kodu) for scope in self._full_scopes)
            )
        statement = sql.SQL(
            """
            UPDATE {raw} AS target SET {deleted_at} = now()
            WHERE target.tenant_id = %s AND target.{deleted_at} IS NULL AND {scope_match}
              AND NOT EXISTS (
                  SELECT 1 FROM {keys} AS listed
                  WHERE listed.firma_kodu = target.firma_kodu AND listed._key = target.{key}
              )
            """
        ).format(
            raw=raw_table(self.spec),
            deleted_at=sql.Identifier(DELETED_AT),
            scope_match=scope_match,
            keys=sql.Identifier(KEYS_TABLE),
            key=sql.Identifier(self.spec.key),
        )
        cursor.execute(statement, (self.tenant_id,))
        return cursor.rowcount

    def _store_rejects(self, cursor, run_id: str | None) -> None:
        if not self._rejects:
            return
        frame = pl.concat(self._rejects).with_columns(
            pl.lit(run_id, dtype=pl.String).alias("run_id"),
            pl.lit(self.tenant_id, dtype=pl.String).alias("tenant_id"),
            pl.lit(self.spec.model, dtype=pl.String).alias("model"),
        )
        cursor.execute(
            "CREATE TEMP TABLE dia_stage_rejects (run_id text, tenant_id text, model text, firma_kodu integer,"
            " donem_kodu integer, _key text, column_name text, reason text, raw_value text) ON COMMIT DROP"
        )
        copy_frame(cursor, "dia_stage_rejects", frame)
        cursor.execute(
            "INSERT INTO dia_meta.dia_rejects (run_id, tenant_id, model, firma_kodu, donem_kodu, _key,"
            " column_name, reason, raw_value) SELECT run_id, tenant_id, model, firma_kodu, donem_kodu, _key,"
            " column_name, reason, raw_value FROM dia_stage_rejects"
        )

    def _advance_watermarks(self, cursor, watermarks: dict[Scope, dt.datetime | None], record: SyncRecord) -> None:
        for scope, watermark in watermarks.items():
            # An incremental pull only moves the watermark forward (GREATEST ignores NULLs, so a
            # scope that returned no rows keeps its watermark). A full pull saw every row, so its
            # highest _date is the truth even if it is lower, e.g. after DIA data was restored.
            full = scope in self._full_scopes
            cursor.execute(
                """
                INSERT INTO dia_meta.dia_sync_status AS status (tenant_id, model, firma_kodu, donem_kodu,
                    watermark, last_mode, last_status, last_attempt_at, last_success_at, last_error, last_run_id)
                VALUES (%s, %s, %s, %s, %s, %s, 'success', now(), now(), NULL, %s)
                ON CONFLICT (tenant_id, model, firma_kodu, donem_kodu) DO UPDATE SET
                    watermark = CASE WHEN %s THEN COALESCE(EXCLUDED.watermark, status.watermark)
                                     ELSE GREATEST(status.watermark, EXCLUDED.watermark) END,
                    last_mode = EXCLUDED.last_mode, last_status = 'success',
                    last_attempt_at = now(), last_success_at = now(), last_error = NULL,
                    last_run_id = EXCLUDED.last_run_id
                """,
                (self.tenant_id, self.spec.model, scope.firma_kodu, scope.donem_kodu, watermark, record.mode,
                 record.run_id, full),
            )

    def _count_live(self, cursor) -> int:
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE tenant_id = %s AND {} IS NULL").format(
                raw_table(self.spec), sql.Identifier(DELETED_AT)
            ),
            (self.tenant_id,),
        )
        return cursor.fetchone()[0]

    def _append_history(self, cursor, record: SyncRecord, status: str, inserted: int, updated: int,
                        deleted: int, live_rows: int | None, error: str | None) -> None:
        append_history(
            cursor, self.tenant_id, self.spec.model, record, status, inserted, updated, deleted, live_rows, error
        )


def append_history(cursor, tenant_id: str, model: str, record: SyncRecord, status: str, inserted: int,
                   updated: int, deleted: int, live_rows: int | None, error: str | None) -> None:
    # clock_timestamp(), not now(): now() is the start of the transaction, which for a load is
    # close to the start of the sync.
    cursor.execute(
        """
        INSERT INTO dia_meta.dia_sync_history (run_id, tenant_id, model, mode, status, started_at, finished_at,
            rows_inserted, rows_updated, rows_deleted, rows_rejected, rows_live, pages, calls, kontor, error)
        VALUES (%s, %s, %s, %s, %s, %s, clock_timestamp(), %s, %s, %s, %s, %s, %s, %s, %s, %s)
        """,
        (record.run_id, tenant_id, model, record.mode, status, record.started_at, inserted, updated, deleted,
         record.rejected, live_rows, record.pages, record.calls, record.kontor, error),
    )


def record_failure(connection, tenant_id: str, model: str, record: SyncRecord, error: str) -> None:
    """Note a failed sync in the status and history tables without touching data or watermarks.

    Runs on a connection whose load transaction was already rolled back.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE dia_meta.dia_sync_status SET last_status = 'failed', last_attempt_at = now(),
                last_error = %s, last_run_id = %s
            WHERE tenant_id = %s AND model = %s
            """,
            (error[:2000], record.run_id, tenant_id, model),
        )
        append_history(cursor, tenant_id, model, record, "failed", 0, 0, 0, None, error[:2000])
    connection.commit()


def read_watermarks(connection, tenant_id: str, model: str) -> dict[Scope, dt.datetime | None]:
    """Watermarks of the scopes that have synced successfully at least once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT firma_kodu, donem_kodu, watermark FROM dia_meta.dia_sync_status"
            " WHERE tenant_id = %s AND model = %s AND last_success_at IS NOT NULL",
            (tenant_id, model),
        )
        rows = cursor.fetchall()
    connection.commit()
    return {Scope(firma_kodu, donem_kodu): watermark for firma_kodu, donem_kodu, watermark in rows}
