"""The vocabulary of the table catalog: column types, scopes and table entries.

A column's type fixes three things at once: how DIA encodes the value on the wire, the Polars
dtype it is decoded into, and the Postgres type it is stored as. Nothing is ever typed by
inference: a tax number such as ``"0010213576"`` must stay text, and a money column must stay
decimal even when a page happens to hold only whole numbers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import polars as pl

# DIA sends money and quantities with six fraction digits ("335.160000").
DECIMAL_PRECISION = 28
DECIMAL_SCALE = 6


class Wire(enum.Enum):
    """The encoding of a value in a DIA listing row."""

    TEXT = "text"
    KEY = "key"  # 64-bit record key, sent as a JSON number or a string
    INTEGER = "integer"  # small integer codes (invoice type, line number), number or string
    DECIMAL = "decimal"  # dot-separated decimal string
    BOOLEAN = "boolean"  # "t"/"f", "E"/"H" (Evet/Hayir) or "1"/"0"
    DATE = "date"  # "YYYY-MM-DD" or null
    TIME = "time"  # "HH:MM:SS"
    TIMESTAMP = "timestamp"  # "YYYY-MM-DD HH:MM:SS[.ffffff]", Turkey local time


POLARS_DTYPES: dict[Wire, pl.DataType] = {
    Wire.TEXT: pl.String(),
    Wire.KEY: pl.Int64(),
    Wire.INTEGER: pl.Int32(),
    Wire.DECIMAL: pl.Decimal(DECIMAL_PRECISION, DECIMAL_SCALE),
    Wire.BOOLEAN: pl.Boolean(),
    Wire.DATE: pl.Date(),
    Wire.TIME: pl.Time(),
    Wire.TIMESTAMP: pl.Datetime("us"),
}

POSTGRES_TYPES: dict[Wire, str] = {
    Wire.TEXT: "text",
    Wire.KEY: "bigint",
    Wire.INTEGER: "integer",
    Wire.DECIMAL: f"numeric({DECIMAL_PRECISION},{DECIMAL_SCALE})",
    Wire.BOOLEAN: "boolean",
    Wire.DATE: "date",
    Wire.TIME: "time",
    # DIA's timestamps carry no zone; they are Turkey local time and are stored as such.
    Wire.TIMESTAMP: "timestamp without time zone",
}


class Scope(enum.Enum):
    """The scope of a DIA model: cards are per company, documents per fiscal period."""

    COMPANY = "company"
    PERIOD = "period"


@dataclass(frozen=True)
class Column:
    """One declared column of a DIA model, named as DIA spells it."""

    name: str
    wire: Wire
    description: str = ""
    nullable: bool = True
    personal: bool = False  # personal data under KVKK (Turkey's data protection law)
    allowed: tuple[str, ...] | None = None  # the only values a valid row may hold
    min_value: float | None = None
    max_value: float | None = None

    @property
    def polars_dtype(self) -> pl.DataType:
        return POLARS_DTYPES[self.wire]

    @property
    def postgres_type(self) -> str:
        return POSTGRES_TYPES[self.wire]


@dataclass(frozen=True)
class TableSpec:
    """One DIA model that we sync, declared once for assets, schemas, DDL and dbt sources."""

    model: str
    service: str
    scope: Scope
    columns: tuple[Column, ...]
    description: str
    business_key: str  # the code a person uses for the record, e.g. carikartkodu
    key: str = "_key"
    incremental_field: str = "_date"
    page_size: int = 5000
    # Share of a sync's rows that may fail validation before the validation check fails.
    reject_threshold: float = 0.01
    # Overlap re-read below the watermark, because _date has second precision and DIA's
    # clock and commit order are not ours.
    lookback_minutes: int = 60

    @property
    def module(self) -> str:
        """The web service module, which is the service name's prefix (scf_* -> scf)."""
        return self.service.split("_", 1)[0]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.model} declares no column {name!r}")

    @property
    def scope_columns(self) -> tuple[str, ...]:
        """Columns that the warehouse adds to say where a row came from."""
        if self.scope is Scope.PERIOD:
            return ("tenant_id", "firma_kodu", "donem_kodu")
        return ("tenant_id", "firma_kodu")
