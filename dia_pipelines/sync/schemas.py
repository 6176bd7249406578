"""Pandera schemas derived from the table catalog.

Validation runs on the eager, already typed frame of one page: decoding has fixed every dtype,
so the schema never coerces (coercing would be typing by inference under another name).
"""

from __future__ import annotations

import functools

import pandera.polars as pa

from dia_pipelines.catalog import Column, TableSpec


def _checks(column: Column) -> list[pa.Check]:
    checks = []
    if column.allowed is not None:
        checks.append(pa.Check.isin(list(column.allowed)))
    if column.min_value is not None:
        checks.append(pa.Check.ge(column.min_value))
    if column.max_value is not None:
        checks.append(pa.Check.le(column.max_value))
    if column.wire.value == "text" and not column.nullable:
        checks.append(pa.Check.str_length(min_value=1))
    return checks


@functools.cache
def pandera_schema(spec: TableSpec) -> pa.DataFrameSchema:
    """The schema one decoded page of ``spec`` must satisfy."""
    columns = {
        column.name: pa.Column(
            column.polars_dtype,
            checks=_checks(column),
            nullable=column.nullable,
            unique=column.name == spec.key,
            description=column.description,
        )
        for column in spec.columns
    }
    return pa.DataFrameSchema(columns, name=spec.model, strict=False, coerce=False)
