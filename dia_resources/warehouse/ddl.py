"""Warehouse DDL derived from the table catalog, safe to run again at any time.

Every statement is idempotent (``IF NOT EXISTS``), so setting up the warehouse is part of each
sync rather than a separate migration step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psycopg2 import sql

if TYPE_CHECKING:
    from dia_pipelines.catalog import TableSpec

RAW_SCHEMA = "dia_raw"
META_SCHEMA = "dia_meta"

# Concurrent first syncs would race on CREATE ... IF NOT EXISTS, which is not atomic in
# Postgres. Every DDL of the project takes this transaction-level lock first.
DDL_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('dia_pipelines.ddl'))"

# Columns the loader adds to every raw table, after the catalog's columns.
SYNCED_AT = "_synced_at"
DELETED_AT = "_deleted_at"

META_TABLES_SQL = """
CREATE SCHEMA IF NOT EXISTS dia_meta;

CREATE TABLE IF NOT EXISTS dia_meta.dia_sync_status (
    tenant_id        text        NOT NULL,
    model            text        NOT NULL,
    firma_kodu       integer     NOT NULL,
    donem_kodu       integer     NOT NULL,  -- 0 for company-scoped models
    watermark        timestamp,             -- highest _date stored, Turkey local time
    last_mode        text,
    last_status      text        NOT NULL,
    last_attempt_at  timestamptz NOT NULL,
    last_success_at  timestamptz,
    last_error       text,
    last_run_id      text,
    PRIMARY KEY (tenant_id, model, firma_kodu, donem_kodu)
);

CREATE TABLE IF NOT EXISTS dia_meta.dia_sync_history (
    id             bigserial   PRIMARY KEY,
    run_id         text,
    tenant_id      text        NOT NULL,
    model          text        NOT NULL,
    mode           text        NOT NULL,
    status         text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz NOT NULL,
    rows_inserted  bigint      NOT NULL DEFAULT 0,
    rows_updated   bigint      NOT NULL DEFAULT 0,
    rows_deleted   bigint      NOT NULL DEFAULT 0,
    rows_rejected  bigint      NOT NULL DEFAULT 0,
    rows_live      bigint,                -- live rows of the tenant after the sync
    pages          integer     NOT NULL DEFAULT 0,
    calls          integer     NOT NULL DEFAULT 0,
    kontor         numeric(18,6) NOT NULL DEFAULT 0,
    error          text
);
CREATE INDEX IF NOT EXISTS dia_sync_history_tenant_model
    ON dia_meta.dia_sync_history (tenant_id, model, id);

CREATE TABLE IF NOT EXISTS dia_meta.dia_rejects (
    id           bigserial   PRIMARY KEY,
    run_id       text,
    tenant_id    text        NOT NULL,
    model        text        NOT NULL,
    firma_kodu   integer     NOT NULL,
    donem_kodu   integer     NOT NULL,
    _key         text,                  -- as DIA sent it: a bad row may carry a bad key
    column_name  text        NOT NULL,
    reason       text        NOT NULL,
    raw_value    text,
    rejected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS dia_rejects_tenant_model
    ON dia_meta.dia_rejects (tenant_id, model, run_id);
"""


def raw_table(spec: TableSpec) -> sql.Identifier:
    return sql.Identifier(RAW_SCHEMA, spec.model)


def raw_column_definitions(spec: TableSpec) -> list[tuple[str, str]]:
    """Name and Postgres type of every raw column, in table order."""
    columns = [("tenant_id", "text NOT NULL"), ("firma_kodu", "integer NOT NULL")]
    if "donem_kodu" in spec.scope_columns:
        columns.append(("donem_kodu", "integer NOT NULL"))
    for column in spec.columns:
        not_null = " NOT NULL" if column.name == spec.key else ""
        columns.append((column.name, column.postgres_type + not_null))
    columns.append((SYNCED_AT, "timestamptz NOT NULL"))
    columns.append((DELETED_AT, "timestamptz"))
    return columns


def create_raw_table_sql(spec: TableSpec) -> sql.Composed:
    """CREATE TABLE for ``dia_raw.<model>``, keyed on tenant, company and DIA key.

    NOTE: an existing table is left as it is, so a column added to the catalog later is not
    added to it, and the load then fails naming the missing column. Until migrations exist,
    add the column by hand (``ALTER TABLE ... ADD COLUMN``) with the catalog's type.
    """
    definitions = sql.SQL(",\n    ").join(
        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type))
        for name, pg_type in raw_column_definitions(spec)
    )
    return sql.SQL(
        "CREATE TABLE IF NOT EXISTS {table} (\n    {definitions},\n"
        "    PRIMARY KEY (tenant_id, firma_kodu, {key})\n)"
    ).format(table=raw_table(spec), definitions=definitions, key=sql.Identifier(spec.key))


def ensure_warehouse(connection, specs: tuple[TableSpec, ...]) -> None:
    """Create the meta tables and the raw tables of ``specs`` if they are missing."""
    with connection.cursor() as cursor:
        cursor.execute(DDL_LOCK_SQL)
        cursor.execute(META_TABLES_SQL)
        cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(RAW_SCHEMA)))
        for spec in specs:
            cursor.execute(create_raw_table_sql(spec))
    connection.commit()
