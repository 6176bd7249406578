"""The sync of one DIA table for one tenant: pull, decode, validate, stage, merge.

Assets call ``sync_table`` through the Dagster resources; tests and the CLI can call it (or
``sync_tenant``) directly. The steps:

1. For each scope (company, or company and period) choose the mode: full when asked or when
   the scope has never synced, else incremental from the watermark minus the look-back.
2. Page through the listing by ``_key``, asking only the declared columns. The next page is
   fetched in a background thread while the current one is decoded and staged.
3. Decode and validate each page; stage its valid rows and keep its rejects.
4. In full mode, list every key of the scope (one call) after its last page, so vanished keys
   can be marked deleted.
5. Commit everything in one transaction; on any failure roll back and record the failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
import time
from array import array
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
import psycopg2

from dia_pipelines.catalog import TableSpec
from dia_resources.warehouse.ddl import ensure_warehouse
from dia_resources.warehouse.loader import Scope, SyncRecord, TableLoad, read_watermarks, record_failure

from .decode import decode_page
from .prefetch import prefetched
from .scopes import CompanyPeriods, scopes_for

logger = logging.getLogger(__name__)

FULL = "full"
INCREMENTAL = "incremental"

# DIA compares _date filters as text in this layout.
DIA_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


class SyncError(RuntimeError):
    """A table's sync failed; the warehouse was left as it was before the sync."""

    def __init__(self, tenant_id: str, model: str, message: str):
        super().__init__(f"tenant {tenant_id!r}, table {model}: {message}")
        self.tenant_id = tenant_id
        self.model = model


@dataclass(frozen=True)
class TableSyncResult:
    """The outcome of one table's sync, as reported in asset metadata and the demo summary."""

    tenant_id: str
    model: str
    mode: str
    rows_fetched: int
    inserted: int
    updated: int
    deleted: int
    rejected: int
    live_rows: int
    pages: int
    calls: int
    kontor: Decimal
    watermark: dt.datetime | None
    seconds: float
    nul_removed: int
    dia_key_count: int | None  # keys DIA listed in full mode, None in incremental mode


def _scope_since(watermark: dt.datetime | None, lookback_minutes: int) -> str | None:
    if watermark is None:
        return None
    return (watermark - dt.timedelta(minutes=lookback_minutes)).strftime(DIA_TIMESTAMP_FORMAT)


def sync_table(
    client,
    warehouse_url: str,
    tenant_id: str,
    spec: TableSpec,
    companies: list[CompanyPeriods],
    *,
    full_refresh: bool = False,
    run_id: str | None = None,
    log: logging.Logger | None = None,
) -> TableSyncResult:
    """Sync ``spec`` for one tenant; raise SyncError (with the cause chained) on failure."""
    log = log or logger
    started_at = dt.datetime.now(dt.timezone.utc)
    clock = time.monotonic()
    usage_before = client.usage

    connection = psycopg2.connect(warehouse_url)
    try:
        ensure_warehouse(connection, (spec,))
        watermarks = read_watermarks(connection, tenant_id, spec.model)
        load = TableLoad(connection, spec, tenant_id)
        load.open()
        progress = _Progress()
        scopes = scopes_for(spec, companies)
        modes = set()
        for scope in scopes:
            full = full_refresh or scope not in watermarks
            modes.add(FULL if full else INCREMENTAL)
            since = None if full else _scope_since(watermarks[scope], spec.lookback_minutes)
            keys = _pull_scope(client, load, spec, scope, since, full, progress, log)
            if keys is not None:
                load.stage_keys(scope, keys)
                progress.dia_keys = (progress.dia_keys or 0) + len(keys)

        mode = FULL if FULL in modes else INCREMENTAL
        usage = client.usage - usage_before
        record = SyncRecord(
            run_id=run_id, mode=mode, started_at=started_at, pages=progress.pages,
            calls=usage.calls, kontor=usage.kontor, rejected=progress.rejected,
        )
        counts = load.commit(progress.watermarks, record)
    except Exception as error:
        usage = client.usage - usage_before
        failed = SyncRecord(run_id, FULL if full_refresh else INCREMENTAL, started_at, 0, usage.calls, usage.kontor, 0)
        _record_failure_quietly(connection, warehouse_url, tenant_id, spec.model, failed, error, log)
        raise SyncError(tenant_id, spec.model, f"sync failed and was rolled back: {error}") from error
    finally:
        connection.close()

    result = TableSyncResult(
        tenant_id=tenant_id, model=spec.model, mode=mode, rows_fetched=progress.rows,
        inserted=counts.inserted, updated=counts.updated, deleted=counts.deleted,
        rejected=progress.rejected, live_rows=counts.live_rows, pages=progress.pages,
        calls=usage.calls, kontor=usage.kontor,
        watermark=max((w for w in progress.watermarks.values() if w), default=None),
        seconds=round(time.monotonic() - clock, 3), nul_removed=progress.nul_removed,
        dia_key_count=progress.dia_keys if modes == {FULL} else None,
    )
    log.info(
        "Synced %s for tenant %s (%s): %d fetched, %d inserted, %d updated, %d deleted, %d rejected, "
        "%d calls, %s kontor, %.1f s",
        spec.model, tenant_id, mode, result.rows_fetched, result.inserted, result.updated, result.deleted,
        result.rejected, result.calls, result.kontor, result.seconds,
    )
    return result


class _Progress:
    """Running totals of one table's pull."""

    def __init__(self) -> None:
        self.pages = 0
        self.rows = 0
        self.rejected = 0
        self.nul_removed = 0
        self.dia_keys: int | None = None
        self.watermarks: dict[Scope, dt.datetime | None] = {}


def _pull_scope(client, load: TableLoad, spec: TableSpec, scope: Scope, since: str | None, full: bool,
                progress: _Progress, log: logging.Logger) -> array | None:
    """Pull, decode and stage one scope's pages; in full mode, return every key DIA lists."""
    progress.watermarks.setdefault(scope, None)
    listed_keys: list[array] = []
    listing = _listing(client, spec, scope, since, listed_keys if full else None)
    started = time.monotonic()
    # closing() stops the fetching thread at once when decoding or staging a page fails.
    with contextlib.closing(prefetched(listing)) as pages:
        _process_pages(load, spec, scope, pages, progress, log)
    progress.watermarks[scope] = watermark_after_pull(progress.watermarks[scope], time.monotonic() - started)
    return listed_keys[0] if full else None


def watermark_after_pull(highest_date: dt.datetime | None, pull_seconds: float) -> dt.datetime | None:
    """Move the highest _date seen back by the length of the pull.

    A row read on an early page and changed later in the pull gets a _date from during the
    pull, which can lie below the highest _date seen by more than the look-back when the pull
    is long. Starting the next incremental window this much earlier reads it again.
    """
    if highest_date is None:
        return None
    return highest_date - dt.timedelta(seconds=math.ceil(pull_seconds))


def _listing(client, spec: TableSpec, scope: Scope, since: str | None, listed_keys: list[array] | None):
    """Yield the scope's pages; with ``listed_keys``, list every key after the last page into it.

    The key call comes after the last page, so a row deleted during the pull is missing from
    the keys and is marked deleted. It runs in the fetching thread, while the main thread still
    decodes and stages the last pages.
    """
    # NOTE: when the last page is full, the listing ends only with one more, empty, page. A key
    # call in its place would show that no key is left, but a full last page looks like every
    # other full page, so that would take a key call after each of them.
    yield from client.list_pages(
        spec.model, service=spec.service, firma_kodu=scope.firma_kodu, donem_kodu=scope.donem_kodu or None,
        columns=list(spec.column_names), since=since, page_size=spec.page_size,
    )
    if listed_keys is not None:
        listed_keys.append(_list_keys(client, spec, scope))


def _list_keys(client, spec: TableSpec, scope: Scope) -> array:
    return client.list_key_array(
        spec.model, service=spec.service, firma_kodu=scope.firma_kodu, donem_kodu=scope.donem_kodu or None
    )


def _process_pages(load: TableLoad, spec: TableSpec, scope: Scope, pages, progress: _Progress,
                   log: logging.Logger) -> None:
    # Postgres parses a page's COPY while the next page is decoded. One page at a time is
    # staged, in order, and the connection is used by one thread at a time.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dia-stage") as stager:
        staging = None
        for page in pages:
            decoded = decode_page(spec, page.rows, scope.firma_kodu, scope.donem_kodu)
            if staging is not None:
                staging.result()
            staging = stager.submit(load.stage_rows, decoded.frame.with_columns(_tenant_column(load.tenant_id)))
            _count_page(load, spec, scope, page, decoded, progress, log)
        if staging is not None:
            staging.result()


def _count_page(load: TableLoad, spec: TableSpec, scope: Scope, page, decoded, progress: _Progress,
                log: logging.Logger) -> None:
    load.add_rejects(decoded.rejects)
    progress.pages += 1
    progress.rows += len(page.rows)
    progress.rejected += decoded.rejected_rows
    progress.nul_removed += decoded.nul_removed
    current = progress.watermarks[scope]
    if decoded.max_watermark is not None and (current is None or decoded.max_watermark > current):
        progress.watermarks[scope] = decoded.max_watermark
    if decoded.rejected_rows:
        log.warning(
            "%s firma %d donem %d page %d: %d rows rejected (first: %s %s)",
            spec.model, scope.firma_kodu, scope.donem_kodu, page.number, decoded.rejected_rows,
            decoded.rejects.get_column("column_name")[0], decoded.rejects.get_column("reason")[0],
        )


def _tenant_column(tenant_id: str) -> pl.Expr:
    return pl.lit(tenant_id, dtype=pl.String).alias("tenant_id")


def _record_failure_quietly(connection, warehouse_url: str, tenant_id: str, model: str, record: SyncRecord,
                            error: Exception, log: logging.Logger) -> None:
    """Roll back and record the failure; if the warehouse itself is what failed, log that and go on.

    A connection that Postgres closed rolls back by itself; the failure is then recorded on a
    new connection.
    """
    try:
        connection.rollback()
    except psycopg2.Error:
        pass  # the server or the network closed it, which ended the transaction
    try:
        if connection.closed:
            with contextlib.closing(psycopg2.connect(warehouse_url)) as fresh:
                record_failure(fresh, tenant_id, model, record, f"{type(error).__name__}: {error}")
        else:
            record_failure(connection, tenant_id, model, record, f"{type(error).__name__}: {error}")
    except psycopg2.Error as record_error:
        log.warning("Could not record the failed sync of %s for tenant %s: %s", model, tenant_id, record_error)
