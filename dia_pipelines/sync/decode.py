"""Turn one page of DIA rows into a typed Polars frame, setting bad rows aside.

DIA sends everything as JSON strings or numbers (see the row encoding notes in the README):
decimals as dot strings, booleans as ``t``/``f``, ``E``/``H`` or ``1``/``0``, keys as numbers or
strings, dates as text. Each column is decoded to the dtype the catalog declares. A value that
does not decode, or a row that then fails the Pandera schema, becomes a reject naming the
column, the reason and the raw value; the rest of the page goes on.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pandera.errors
import polars as pl

import accel

from dia_pipelines.catalog import DECIMAL_PRECISION, DECIMAL_SCALE, TableSpec, Wire

from .schemas import pandera_schema

NUL = "\x00"

_TRUE_TEXT = ("t", "true", "e", "1")
_FALSE_TEXT = ("f", "false", "h", "0")

REJECT_SCHEMA = {
    "firma_kodu": pl.Int32,
    "donem_kodu": pl.Int32,
    "_key": pl.String,
    "column_name": pl.String,
    "reason": pl.String,
    "raw_value": pl.String,
}


@dataclass(frozen=True)
class DecodedPage:
    """The valid rows of a page, typed, plus everything set aside or changed on the way."""

    frame: pl.DataFrame
    rejects: pl.DataFrame
    rejected_rows: int
    nul_removed: int  # text values from which NUL characters were removed
    max_watermark: dt.datetime | None  # highest incremental field value in the page, rejects included


# Value types that Polars turns into the same text whether it builds the frame row-wise or
# column by column. Floats are not among them: a row-wise build writes 1.0 as "1" and 1e300 in
# full, where a column build writes "1.0" and "1e+300".
_ROW_WISE_TYPES = frozenset({str, int, bool, type(None)})


def _raw_frame(spec: TableSpec, rows: list[dict]) -> pl.DataFrame:
    """Build a frame of every declared column as text, as DIA sent it (numbers as their text)."""
    schema = {name: pl.String for name in spec.column_names}
    value_types = set(map(type, itertools.chain.from_iterable(map(dict.values, rows))))
    if value_types <= _ROW_WISE_TYPES:
        try:
            # Builds the frame in Rust, about twice as fast as a list per column.
            return pl.from_dicts(rows, schema=schema, strict=False)
        except pl.exceptions.ComputeError:
            pass  # an integer beyond 64 bits, which the column build below writes as text
    return pl.DataFrame(
        [pl.Series(name, [row.get(name) for row in rows], dtype=pl.String, strict=False) for name in spec.column_names]
    )


def _decode_expression(name: str, wire: Wire, dtype: pl.DataType) -> pl.Expr:
    # Empty text means "no value" for every non-text type: DIA sends "" and null alike.
    raw = pl.when(pl.col(name).str.strip_chars() == "").then(None).otherwise(pl.col(name).str.strip_chars())
    if wire is Wire.TEXT:
        return pl.col(name).str.replace_all(NUL, "", literal=True)
    if wire in (Wire.KEY, Wire.INTEGER):
        return raw.cast(dtype, strict=False)
    if wire is Wire.DECIMAL:
        # Parsed exactly by accel.parse_amount below: a Polars cast would round away fraction
        # digits beyond the scale and accept exponents such as "1e5".
        return raw
    if wire is Wire.BOOLEAN:
        lowered = raw.str.to_lowercase()
        return (
            pl.when(lowered.is_in(_TRUE_TEXT)).then(True).when(lowered.is_in(_FALSE_TEXT)).then(False).otherwise(None)
        )
    if wire is Wire.DATE:
        return raw.str.to_date("%Y-%m-%d", strict=False)
    if wire is Wire.TIME:
        return raw.str.to_time("%H:%M:%S", strict=False)
    if wire is Wire.TIMESTAMP:
        return raw.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us", strict=False)
    raise ValueError(f"no decoder for wire type {wire}")


def _first_dtype(column) -> pl.DataType:
    """Dtype after the expression step: decimals stay text until accel parses them."""
    return pl.String() if column.wire is Wire.DECIMAL else column.polars_dtype


def _decode_failure_reason(wire: Wire) -> str:
    return {
        Wire.KEY: "not an integer key",
        Wire.INTEGER: "not an integer",
        Wire.DECIMAL: f"not a decimal number with at most {DECIMAL_SCALE} fraction digits",
        Wire.BOOLEAN: "not a boolean (t/f, E/H, 1/0)",
        Wire.DATE: "not a date (YYYY-MM-DD)",
        Wire.TIME: "not a time (HH:MM:SS)",
        Wire.TIMESTAMP: "not a timestamp (YYYY-MM-DD HH:MM:SS)",
    }[wire]


def decode_page(spec: TableSpec, rows: list[dict], firma_kodu: int, donem_kodu: int) -> DecodedPage:
    """Decode and validate one page of ``spec`` listed in the given company and period."""
    raw = _raw_frame(spec, rows).with_row_index("_row")
    typed = raw.select(
        "_row",
        *(_decode_expression(c.name, c.wire, c.polars_dtype).cast(_first_dtype(c)).alias(c.name) for c in spec.columns),
    )
    typed = typed.with_columns(
        accel.parse_amount(typed.get_column(c.name), "dia", precision=DECIMAL_PRECISION, scale=DECIMAL_SCALE)
        for c in spec.columns
        if c.wire is Wire.DECIMAL
    )
    text_columns = [c.name for c in spec.columns if c.wire is Wire.TEXT]
    nul_removed = (
        raw.select(pl.sum_horizontal(pl.col(name).str.contains(NUL, literal=True).sum() for name in text_columns)).item()
        if text_columns
        else 0
    )

    rejects = pl.concat([_decode_rejects(spec, raw, typed), _schema_rejects(spec, raw, typed.drop("_row"))])
    # Postgres text cannot hold NUL, so a rejected value keeps it as the two characters \0.
    rejects_frame = rejects.with_columns(
        pl.lit(firma_kodu, dtype=pl.Int32).alias("firma_kodu"),
        pl.lit(donem_kodu, dtype=pl.Int32).alias("donem_kodu"),
        pl.col("_key", "raw_value").str.replace_all(NUL, "\\0", literal=True),
    ).select(list(REJECT_SCHEMA))

    bad_rows = rejects.select(pl.col("_row").cast(pl.UInt32)).unique()
    valid = typed.join(bad_rows, on="_row", how="anti").drop("_row")
    valid = valid.with_columns(pl.lit(firma_kodu, dtype=pl.Int32).alias("firma_kodu"))
    if "donem_kodu" in spec.scope_columns:
        valid = valid.with_columns(pl.lit(donem_kodu, dtype=pl.Int32).alias("donem_kodu"))

    watermark = typed.get_column(spec.incremental_field).max() if typed.height else None
    return DecodedPage(
        frame=valid,
        rejects=rejects_frame,
        rejected_rows=bad_rows.height,
        nul_removed=nul_removed,
        max_watermark=watermark,
    )


def _decode_rejects(spec: TableSpec, raw: pl.DataFrame, typed: pl.DataFrame) -> pl.DataFrame:
    """Return one reject per value that was present but did not decode."""
    parts = []
    for column in spec.columns:
        if column.wire is Wire.TEXT:
            continue
        present = raw.get_column(column.name).str.strip_chars().fill_null("") != ""
        failed = present & typed.get_column(column.name).is_null()
        if not failed.any():
            continue
        parts.append(
            raw.filter(failed).select(
                "_row",
                pl.col(spec.key).alias("_key"),
                pl.lit(column.name).alias("column_name"),
                pl.lit(_decode_failure_reason(column.wire)).alias("reason"),
                pl.col(column.name).alias("raw_value"),
            )
        )
    return _stack(parts)


def _schema_rejects(spec: TableSpec, raw: pl.DataFrame, typed: pl.DataFrame) -> pl.DataFrame:
    """Return one reject per Pandera failure of a row that decoded but breaks a declared check."""
    try:
        pandera_schema(spec).validate(typed, lazy=True)
        return _stack([])
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    row_cases = cases.filter(pl.col("index").is_not_null())
    if row_cases.height != cases.height:
        # A failure without a row index concerns the whole frame (a missing column, a wrong
        # dtype): that is a bug in decoding, not bad data, so it must stop the sync.
        raise ValueError(f"{spec.model}: page does not match its schema: {cases.filter(pl.col('index').is_null())}")
    keys = raw.select(pl.col("_row").cast(pl.Int64), pl.col(spec.key).alias("_key"))
    return _stack(
        [
            row_cases.select(
                pl.col("index").cast(pl.Int64).alias("_row"),
                pl.col("column").alias("column_name"),
                pl.format("failed check {}", pl.col("check")).alias("reason"),
                pl.col("failure_case").cast(pl.String).alias("raw_value"),
            )
            .join(keys, on="_row", how="left")
            .select("_row", "_key", "column_name", "reason", "raw_value")
        ]
    )


def _stack(parts: list[pl.DataFrame]) -> pl.DataFrame:
    schema = {"_row": pl.Int64, "_key": pl.String, "column_name": pl.String, "reason": pl.String, "raw_value": pl.String}
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat([part.with_columns(pl.col("_row").cast(pl.Int64)) for part in parts]).cast(schema)
