"""Typed values the DIA client returns, and the parsing of DIA's JSON into them.

Parsing is tolerant where DIA's wire format varies between servers: a `_key` may be a number or
a string, booleans may be t/f or E/H, and extra keys appear everywhere. It is strict where a
wrong value would corrupt a sync, so a `_key` that is not an integer raises `DiaProtocolError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import CallContext, DiaProtocolError

_TRUE_FLAGS = frozenset({"t", "true", "e", "evet", "1", "y", "yes"})
_FALSE_FLAGS = frozenset({"f", "false", "h", "hayir", "hayır", "0", "n", "no", ""})


@dataclass(frozen=True)
class Usage:
    """Calls and kontör of one client, cumulative since it was created.

    `calls` and `kontor` count the calls DIA answered with a body code, except the ones DIA
    does not charge: login, logout, 406 and a rejected session. `unconfirmed` counts requests
    that were sent but got no readable answer (dropped connection, HTML page, cut-off body,
    deadline). DIA may have run and charged those, so the true spend lies between `kontor`
    and `kontor + unconfirmed * price`. Subtract two snapshots to get one sync's share.
    """

    calls: int = 0
    kontor: Decimal = Decimal(0)
    unconfirmed: int = 0

    def __sub__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls - other.calls,
            kontor=self.kontor - other.kontor,
            unconfirmed=self.unconfirmed - other.unconfirmed,
        )

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            kontor=self.kontor + other.kontor,
            unconfirmed=self.unconfirmed + other.unconfirmed,
        )


@dataclass(frozen=True)
class Page:
    """One page of a key-paged listing.

    `rows` are as DIA sent them except that `_key` is an int. `last_key` is the highest key on
    the page, or None for an empty page. `calls` counts the billed calls the page took,
    including replays after a session renewal and retries.
    """

    number: int
    rows: list[dict[str, Any]]
    last_key: int | None
    calls: int


@dataclass(frozen=True)
class EkleResult:
    """The result of an `_ekle` call: the new record's key and DIA's `extra` object."""

    key: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    """A fiscal period (dönem) of a company."""

    donemkodu: int
    gorunendonemkodu: str
    baslangictarihi: date
    bitistarihi: date
    ontanimli: bool


@dataclass(frozen=True)
class Company:
    """A company (firma) the DIA user may see, with its fiscal periods."""

    firmakodu: int
    firmaadi: str
    donemler: list[Period]


def parse_key(value: object, context: CallContext) -> int:
    """Return a DIA `_key` as an int. DIA sends it as a JSON number or a string of digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value

    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass

    raise DiaProtocolError(f"expected an integer _key, got {value!r:.40}", context=context)


def parse_flag(value: object) -> bool:
    """Return a DIA boolean sent as t/f, E/H, 1/0 or a JSON boolean."""
    if isinstance(value, bool):
        return value

    text = "" if value is None else str(value).strip().lower()

    if text in _TRUE_FLAGS:
        return True

    if text in _FALSE_FLAGS:
        return False

    raise ValueError(f"expected a DIA boolean (t/f, E/H, 1/0), got {value!r:.40}")


def parse_decimal(value: object, name: str, context: CallContext) -> Decimal:
    """Return a DIA number (JSON number or decimal string) as a Decimal, never via float text."""
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as error:
        raise DiaProtocolError(
            f"expected a number in {name}, got {value!r:.40}", context=context
        ) from error


def parse_companies(result: object, context: CallContext) -> list[Company]:
    """Parse the `result` of sis_yetkili_firma_donem_sube_depo into companies and periods."""
    if not isinstance(result, list):
        raise DiaProtocolError(
            f"expected a list of companies, got {type(result).__name__}", context=context
        )

    try:
        return [_parse_company(entry) for entry in result]
    except (KeyError, TypeError, ValueError) as error:
        raise DiaProtocolError(
            f"invalid company list ({type(error).__name__}: {error})", context=context
        ) from error


def _parse_company(entry: dict[str, Any]) -> Company:
    periods = [_parse_period(period) for period in entry.get("donemler") or []]
    return Company(
        firmakodu=int(entry["firmakodu"]),
        firmaadi=str(entry.get("firmaadi") or ""),
        donemler=periods,
    )


def _parse_period(entry: dict[str, Any]) -> Period:
    return Period(
        donemkodu=int(entry["donemkodu"]),
        gorunendonemkodu=str(entry.get("gorunendonemkodu") or entry["donemkodu"]),
        baslangictarihi=_parse_date(entry["baslangictarihi"]),
        bitistarihi=_parse_date(entry["bitistarihi"]),
        ontanimli=parse_flag(entry.get("ontanimli")),
    )


def _parse_date(value: object) -> date:
    # Some servers append a time to dates ("2024-01-01 00:00:00"), so only the date is read.
    return date.fromisoformat(str(value).strip()[:10])
