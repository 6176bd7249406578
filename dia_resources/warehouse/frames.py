"""Move Polars frames in and out of Postgres with declared types on both sides.

Reading goes through ``COPY ... TO STDOUT`` as CSV and ``polars.read_csv`` with an explicit
schema, so no type is ever inferred. Writing replaces one tenant's rows of a table inside one
transaction, so readers see either the old rows or the new ones.
"""

from __future__ import annotations

import io

import polars as pl
from psycopg2 import sql

from .ddl import DDL_LOCK_SQL
from .loader import copy_frame


def _select_expression(name: str, dtype: pl.DataType) -> sql.Composable:
    column = sql.Identifier(name)
    if dtype == pl.Boolean:
        # Postgres writes booleans as t/f, which read_csv does not take as Boolean.
        return sql.SQL("CASE WHEN {0} THEN 'true' WHEN NOT {0} THEN 'false' END AS {0}").format(column)
    return column


def read_frame(
    connection, table: tuple[str, str], schema: dict[str, pl.DataType], where: sql.Composable, params: dict
) -> pl.DataFrame:
    """Read the ``schema`` columns of ``schema.table`` rows matching ``where`` into a typed frame."""
    query = sql.SQL("COPY (SELECT {columns} FROM {table} WHERE {where}) TO STDOUT WITH (FORMAT csv)").format(
        columns=sql.SQL(", ").join(_select_expression(name, dtype) for name, dtype in schema.items()),
        table=sql.Identifier(*table),
        where=where,
    )
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        cursor.copy_expert(cursor.mogrify(query, params).decode(), buffer)
    if buffer.tell() == 0:
        return pl.DataFrame(schema=schema)
    buffer.seek(0)
    # Postgres writes NULL as an unquoted empty field and an empty string as "", which
    # read_csv keeps apart as null and "".
    return pl.read_csv(buffer, has_header=False, new_columns=list(schema), schema=schema)


PERSONAL_DATA_COMMENT = "personal data (KVKK)"


def replace_tenant_rows(
    connection, table: tuple[str, str], columns: dict[str, str], primary_key: tuple[str, ...], tenant_id: str,
    frame: pl.DataFrame, *, personal_columns: tuple[str, ...] = (), commit: bool = True,
) -> None:
    """Create ``table`` if needed, then swap the tenant's rows for ``frame`` (and commit).

    ``personal_columns`` get a column comment, so BI tools and catalog crawlers can see them.
    With ``commit=False`` the caller commits, e.g. after replacing related tables too.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NULL", (sql.Identifier(*table).as_string(cursor),))
        if cursor.fetchone()[0]:
            _create_table(cursor, table, columns, primary_key, personal_columns)
        cursor.execute(sql.SQL("DELETE FROM {} WHERE tenant_id = %s").format(sql.Identifier(*table)), (tenant_id,))
        if frame.height:
            copy_frame(cursor, sql.Identifier(*table), frame.select(list(columns)))
    if commit:
        connection.commit()


def _create_table(cursor, table: tuple[str, str], columns: dict[str, str], primary_key: tuple[str, ...],
                  personal_columns: tuple[str, ...]) -> None:
    cursor.execute(DDL_LOCK_SQL)
    cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(table[0])))
    cursor.execute(
        sql.SQL("CREATE TABLE IF NOT EXISTS {table} ({definitions}, PRIMARY KEY ({key}))").format(
            table=sql.Identifier(*table),
            definitions=sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type)) for name, pg_type in columns.items()
            ),
            key=sql.SQL(", ").join(sql.Identifier(name) for name in primary_key),
        )
    )
    for name in personal_columns:
        cursor.execute(
            sql.SQL("COMMENT ON COLUMN {}.{} IS %s").format(sql.Identifier(*table), sql.Identifier(name)),
            (PERSONAL_DATA_COMMENT,),
        )
