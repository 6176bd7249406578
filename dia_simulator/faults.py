"""Fault injection per tenant, reproducible from a seed and targeted by call number.

A FaultPlan contains Fault entries. Each Fault watches some calls (by default every listing call,
`*_listele*`) and counts them from 1. It fires on the call numbers in `calls`, or on a random
`share` of them drawn from the plan's seed, so "the 3rd listing call answers 501 once" is
`Fault("501", calls=(3,))`: a retry is the 4th call and succeeds.

Kinds:
- "501": body code 501 (ERROR) instead of the answer; the call is still charged.
- "expire": the caller's session times out before the call, which answers 419.
- "kick": the caller's session is cut before the call, which answers 401 INVALID_SESSION.
- "slow": the answer waits `seconds` before it is sent.
- "trickle": the body is sent in small pieces spread over `seconds`.
- "drop": the connection closes without an answer (the call did run, and was charged).
- "html": a proxy-style HTML error page with HTTP 502 instead of JSON.
- "truncate": the headers promise the whole body but only half is sent before closing.

`credit_floor` makes calls answer 406 once the balance would fall below that level, and
`bad_row_share` makes that share of listed rows carry values a loader must reject.
"""

from __future__ import annotations

import random
import threading
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .data.models import Kind, ModelSpec

KINDS = frozenset({"501", "expire", "kick", "slow", "trickle", "drop", "html", "truncate"})
LISTING_CALLS = ("_listele",)


@dataclass(frozen=True)
class Fault:
    kind: str
    calls: tuple[int, ...] = ()
    share: float = 0.0
    # Service names, or fragments starting with "_" that match any service containing them.
    services: tuple[str, ...] = LISTING_CALLS
    seconds: float = 2.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {sorted(KINDS)}")
        if not 0.0 <= self.share <= 1.0:
            raise ValueError(f"fault share must be between 0 and 1, got {self.share}")

    def watches(self, service: str) -> bool:
        return any(service == entry or (entry.startswith("_") and entry in service) for entry in self.services)


@dataclass(frozen=True)
class FaultPlan:
    faults: tuple[Fault, ...] = ()
    seed: int = 0
    credit_floor: Decimal | None = None
    bad_row_share: float = 0.0

    def __post_init__(self) -> None:
        if self.credit_floor is not None and not isinstance(self.credit_floor, Decimal):
            object.__setattr__(self, "credit_floor", Decimal(str(self.credit_floor)))
        object.__setattr__(self, "faults", tuple(self.faults))


@dataclass
class FaultCounters:
    """The plan in force for a tenant and how many watched calls each fault has seen."""

    plan: FaultPlan = field(default_factory=FaultPlan)
    counts: list[int] = field(default_factory=list)
    fired: list[tuple[int, str, str]] = field(default_factory=list)  # (fault index, kind, service)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def replace(self, plan: FaultPlan) -> None:
        with self.lock:
            self.plan = plan
            self.counts = [0] * len(plan.faults)
            self.fired = []

    def decide(self, service: str) -> list[Fault]:
        """Count this call for every fault that watches it and return the faults that fire."""
        firing = []
        with self.lock:
            if len(self.counts) != len(self.plan.faults):
                self.counts = [0] * len(self.plan.faults)
            for index, fault in enumerate(self.plan.faults):
                if not fault.watches(service):
                    continue
                self.counts[index] += 1
                number = self.counts[index]
                hit = number in fault.calls or (
                    fault.share > 0 and random.Random(f"{self.plan.seed}:{index}:{number}").random() < fault.share
                )
                if hit:
                    firing.append(fault)
                    self.fired.append((index, fault.kind, service))
        return firing


# Values that a loader must reject, one per kind of column.
BAD_DECIMAL = "12,5x"
BAD_CODE = "XX"
BAD_DATE = "2024-02-30"
_CODE_COLUMNS = ("carikarttipi", "kalemturu", "durum")


def _bad_targets(spec: ModelSpec) -> list[tuple[str, str]]:
    targets = []
    decimal = next((name for name, kind in spec.columns.items() if kind is Kind.DECIMAL), None)
    if decimal:
        targets.append((decimal, BAD_DECIMAL))
    code = next((name for name in _CODE_COLUMNS if name in spec.columns), None)
    if code:
        targets.append((code, BAD_CODE))
    date = next((name for name, kind in spec.columns.items() if kind is Kind.DATE), None)
    targets.append((date, BAD_DATE) if date else ("_cdate", BAD_DATE + " 10:00:00"))
    return targets


def is_bad_row(key: Any, plan: FaultPlan) -> int | None:
    """Choose the corruption a row gets (an index) or None, from the key and the seed only."""
    if plan.bad_row_share <= 0:
        return None
    digest = zlib.crc32(f"{plan.seed}:{key}".encode())
    if digest % 1_000_000 >= plan.bad_row_share * 1_000_000:
        return None
    return digest // 1_000_000


def corrupt_columns(names: list[str], columns: list[list[Any]], keys: list[int], spec: ModelSpec,
                    plan: FaultPlan) -> int:
    """Put an invalid value into the chosen share of rows, given column by column (in place).

    Returns how many rows changed. A row gets one bad value, in a column it was asked for.
    """
    if plan.bad_row_share <= 0:
        return 0
    present = [(names.index(column), value) for column, value in _bad_targets(spec) if column in names]
    if not present:
        return 0
    changed = 0
    for index, key in enumerate(keys):
        choice = is_bad_row(key, plan)
        if choice is not None:
            column_index, value = present[choice % len(present)]
            columns[column_index][index] = value
            changed += 1
    return changed
