"""Filters, sorts, column selection and paging of a `_listele` call.

Semantics (see the listing section of the DIA protocol notes):
- filters are ANDed; operators `<`, `>`, `<=`, `>=`, `=`, `!`, `IN`, `NOT IN`, and no operator
  for "contains". Keys, integers and decimals compare as numbers; everything else, dates and
  timestamps included, compares as text.
- `!` is "not equal" on numbers, dates and times, and "does not contain" on text.
- "contains" and "does not contain" ignore case, with Turkish casing (I/ı, İ/i).
- A null value matches only `!` and `NOT IN`.
- Without sorts, rows come in key order. Sorting puts nulls last ascending and first descending.
- `limit` 0 returns every row; `offset` is 0-based.

Key paging (`_key > X`, sorted by `_key`) never scans: the key filters become a binary search on
the sorted key array, and the remaining filters are checked chunk by chunk only until the page is
full.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from .data.models import Kind, ModelSpec
from .data.table import Table

OPERATORS = frozenset({"<", ">", "<=", ">=", "=", "!", "IN", "NOT IN", ""})
CHUNK_ROWS = 4096


class QueryError(ValueError):
    """A listing request that DIA would reject as invalid (body code 400)."""


@dataclass(frozen=True)
class Filter:
    field: str
    operator: str
    value: str


@dataclass(frozen=True)
class Sort:
    field: str
    descending: bool


@dataclass(frozen=True)
class Listing:
    filters: tuple[Filter, ...]
    sorts: tuple[Sort, ...]
    columns: tuple[str, ...] | None  # None: every column
    limit: int
    offset: int


def _as_list(value: Any, name: str) -> list:
    if value in ("", None):
        return []
    if not isinstance(value, list):
        raise QueryError(f"{name} must be a list or an empty string, got {type(value).__name__}")
    return value


def _as_int(value: Any, name: str) -> int:
    if value in ("", None):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name} must be an integer, got {value!r}") from None
    if number < 0:
        raise QueryError(f"{name} must not be negative, got {number}")
    return number


def parse_listing(params: dict[str, Any], spec: ModelSpec) -> Listing:
    """Validate the listing parameters against the model's columns."""
    filters = []
    for item in _as_list(params.get("filters"), "filters"):
        if not isinstance(item, dict) or "field" not in item:
            raise QueryError(f"each filter needs a field, got {item!r}")
        field, operator = str(item["field"]), str(item.get("operator") or "").strip().upper()
        if field not in spec.columns:
            raise QueryError(f"unknown filter field {field!r} for {spec.model}")
        if operator not in OPERATORS:
            raise QueryError(f"unknown filter operator {item.get('operator')!r}")
        value = item.get("value")
        filters.append(Filter(field, operator, "" if value is None else str(value)))

    sorts = []
    for item in _as_list(params.get("sorts"), "sorts"):
        if not isinstance(item, dict) or "field" not in item:
            raise QueryError(f"each sort needs a field, got {item!r}")
        field = str(item["field"])
        if field not in spec.columns:
            raise QueryError(f"unknown sort field {field!r} for {spec.model}")
        direction = str(item.get("sorttype") or "ASC").upper()
        if direction not in ("ASC", "DESC"):
            raise QueryError(f"sorttype must be ASC or DESC, got {item.get('sorttype')!r}")
        sorts.append(Sort(field, direction == "DESC"))

    options = params.get("params")
    if options in ("", None):
        options = {}
    if not isinstance(options, dict):
        raise QueryError("params must be an object or an empty string")
    selected = options.get("selectedcolumns")
    if isinstance(selected, str):
        selected = [name.strip() for name in selected.split(",") if name.strip()]
    # Unknown column names are left out of the response rather than rejected, as listings do.
    columns = tuple(name for name in selected if name in spec.columns) if selected else None

    return Listing(tuple(filters), tuple(sorts), columns, _as_int(params.get("limit"), "limit"),
                   _as_int(params.get("offset"), "offset"))


def _number(value: Any, kind: Kind) -> int | Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value)) if kind is Kind.DECIMAL else int(value)
    except (InvalidOperation, ValueError, TypeError):
        return None


def turkish_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def _predicate(flt: Filter, kind: Kind) -> Callable[[Any], bool]:
    """Build the test of one stored value against one filter."""
    numeric = kind in (Kind.KEY, Kind.DECIMAL, Kind.INTEGER)
    operator = flt.operator

    if operator in ("IN", "NOT IN"):
        items = [item.strip() for item in flt.value.split(",")]
        members = {_number(item, kind) for item in items} - {None} if numeric else set(items)
        convert = (lambda value: _number(value, kind)) if numeric else (lambda value: value)
        if operator == "IN":
            return lambda value: value is not None and convert(value) in members
        return lambda value: value is None or convert(value) not in members

    if operator == "" or (operator == "!" and kind is Kind.TEXT):
        needle = turkish_lower(flt.value)
        if operator == "":
            return lambda value: value is not None and needle in turkish_lower(str(value))
        return lambda value: value is None or needle not in turkish_lower(str(value))

    if numeric:
        target = _number(flt.value, kind)
        if target is None:
            raise QueryError(f"filter value {flt.value!r} for {flt.field} is not a number")
        convert = lambda value: _number(value, kind)  # noqa: E731
    else:
        target = flt.value
        convert = lambda value: value  # noqa: E731

    compare: Callable[[Any, Any], bool] = {
        "<": lambda a, b: a < b,
        ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b,
        "=": lambda a, b: a == b,
        "!": lambda a, b: a != b,
    }[operator]
    if operator == "!":
        return lambda value: value is None or (converted := convert(value)) is None or compare(converted, target)
    return lambda value: value is not None and (converted := convert(value)) is not None and compare(converted, target)


def _key_range(filters: tuple[Filter, ...], keys: np.ndarray) -> tuple[int, int, list[Filter]]:
    """Turn `_key` comparisons into a [start, stop) range of positions; return the other filters."""
    start, stop = 0, len(keys)
    rest = []
    for flt in filters:
        if flt.field != "_key" or flt.operator not in ("<", ">", "<=", ">=", "="):
            rest.append(flt)
            continue
        bound = _number(flt.value, Kind.KEY)
        if bound is None:
            raise QueryError(f"filter value {flt.value!r} for _key is not an integer")
        if flt.operator in (">", "="):
            start = max(start, int(np.searchsorted(keys, bound, side="right" if flt.operator == ">" else "left")))
        if flt.operator == ">=":
            start = max(start, int(np.searchsorted(keys, bound, side="left")))
        if flt.operator in ("<", "="):
            stop = min(stop, int(np.searchsorted(keys, bound, side="left" if flt.operator == "<" else "right")))
        if flt.operator == "<=":
            stop = min(stop, int(np.searchsorted(keys, bound, side="right")))
    return start, max(start, stop), rest


def _matching(table: Table, spec: ModelSpec, filters: list[Filter], start: int, stop: int, wanted: int | None) -> np.ndarray:
    """Positions in [start, stop) that pass all filters, stopping once `wanted` are found."""
    if not filters:
        end = stop if wanted is None else min(stop, start + wanted)
        return np.arange(start, end, dtype=np.int64)
    tests = [(table.columns[flt.field], _predicate(flt, spec.columns[flt.field])) for flt in filters]
    found: list[np.ndarray] = []
    total = 0
    chunk = CHUNK_ROWS if wanted is None else max(CHUNK_ROWS, 2 * wanted)
    position = start
    while position < stop and (wanted is None or total < wanted):
        end = min(stop, position + chunk)
        mask = np.ones(end - position, dtype=bool)
        for column, test in tests:
            values = column[position:end][mask].tolist()
            passed = np.fromiter((test(value) for value in values), dtype=bool, count=len(values))
            mask[np.flatnonzero(mask)[~passed]] = False
        hits = np.flatnonzero(mask) + position
        found.append(hits)
        total += len(hits)
        position = end
    result = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    return result if wanted is None else result[:wanted]


def _sort_key(kind: Kind) -> Callable[[Any], Any]:
    if kind in (Kind.KEY, Kind.DECIMAL, Kind.INTEGER):
        return lambda value: _number(value, kind)
    return lambda value: value


def _sorted(table: Table, spec: ModelSpec, positions: np.ndarray, sorts: tuple[Sort, ...]) -> np.ndarray:
    order = list(range(len(positions)))
    for sort in reversed(sorts):  # stable sorts from the last key to the first
        if sort.field == "_key":
            values = table.keys[positions].tolist()
        else:
            convert = _sort_key(spec.columns[sort.field])
            values = [convert(value) for value in table.columns[sort.field][positions].tolist()]
        # Nulls and unparseable values sort last ascending and first descending, as in Postgres.
        order.sort(key=lambda index: (values[index] is None, values[index] if values[index] is not None else 0),
                   reverse=sort.descending)
    return positions[np.array(order, dtype=np.int64)] if len(order) else positions


def select_positions(table: Table, spec: ModelSpec, listing: Listing) -> np.ndarray:
    """Row positions a listing returns, in order, after offset and limit."""
    start, stop, rest = _key_range(listing.filters, table.keys)
    in_key_order = not listing.sorts or (len(listing.sorts) == 1 and listing.sorts[0].field == "_key")
    if in_key_order:
        descending = bool(listing.sorts) and listing.sorts[0].descending
        if not descending:
            wanted = listing.offset + listing.limit if listing.limit else None
            return _matching(table, spec, rest, start, stop, wanted)[listing.offset:]
        positions = _matching(table, spec, rest, start, stop, None)[::-1]
    else:
        positions = _sorted(table, spec, _matching(table, spec, rest, start, stop, None), listing.sorts)
    end = listing.offset + listing.limit if listing.limit else None
    return positions[listing.offset:end]


def column_values(table: Table, positions: np.ndarray, names: list[str]) -> list[list[Any]]:
    """Collect each named column's values at the positions as lists (a slice when contiguous)."""
    if len(positions) and int(positions[-1]) - int(positions[0]) + 1 == len(positions) and bool(np.all(np.diff(positions) == 1)):
        first, last = int(positions[0]), int(positions[-1]) + 1
        return [table.columns[name][first:last].tolist() for name in names]
    return [table.columns[name][positions].tolist() for name in names]


def project(table: Table, positions: np.ndarray, columns: tuple[str, ...] | None) -> list[dict[str, Any]]:
    """Rows as dicts with the selected columns (all when None)."""
    names = list(columns) if columns is not None else table.column_names
    return [dict(zip(names, row)) for row in zip(*column_values(table, positions, names))]
