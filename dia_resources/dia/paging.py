"""Key paging over a DIA listing: the filters and sort of each page, and the checks on its rows.

Offset paging over data that changes during the pull skips or repeats rows. Each page here
requests `_key > last key of the previous page`, sorted by `_key` ascending, so rows inserted
or deleted between pages can neither shift a row into a page already read nor out of the next.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .errors import CallContext, DiaProtocolError
from .results import parse_key

KEY = "_key"
DATE = "_date"

KEY_ORDER: list[dict[str, str]] = [{"field": KEY, "sorttype": "ASC"}]


def selected_columns(columns: list[str] | None) -> list[str] | None:
    """Return the columns to request with `_key` added, or None to request every column."""
    if columns is None:
        return None

    return columns if KEY in columns else [KEY, *columns]


def format_since(since: str | date | datetime | None) -> str | None:
    """Return the `_date` lower bound as DIA filter text, "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD"."""
    if since is None or isinstance(since, str):
        return since

    if isinstance(since, datetime):
        return since.strftime("%Y-%m-%d %H:%M:%S")

    return since.isoformat()


def page_filters(after_key: int | None, since: str | None) -> list[dict[str, str]]:
    """Return the filters of the next page. DIA expects every filter value as a string."""
    filters = []

    if after_key is not None:
        filters.append({"field": KEY, "operator": ">", "value": str(after_key)})

    if since is not None:
        filters.append({"field": DATE, "operator": ">=", "value": since})

    return filters


def normalize_page_keys(
    rows: list[dict[str, Any]], after_key: int | None, context: CallContext
) -> int | None:
    """Convert each row's `_key` to int in place and return the page's last key.

    Raises DiaProtocolError unless the keys are strictly ascending and above `after_key`,
    because a server that ignored the key filter or the sort would make the pull skip rows,
    repeat them, or never end.
    """
    previous = after_key

    for position, row in enumerate(rows):
        if KEY not in row:
            raise DiaProtocolError(f"listing row {position} has no _key", context=context)

        key = parse_key(row[KEY], context)

        if previous is not None and key <= previous:
            raise DiaProtocolError(
                f"listing keys are not ascending: _key {key} at row {position} follows {previous}",
                context=context,
            )

        row[KEY] = key
        previous = key

    return previous if rows else None
