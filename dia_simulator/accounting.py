"""Kontör (DIA credit): every call costs a fixed price, except login and logout.

A call is charged once it passed the session check, whatever it then answers, because the server
did the work; a call refused for lack of credit (406) is not charged.
"""

from __future__ import annotations

import threading
from decimal import Decimal

FREE_SERVICES = frozenset({"login", "logout"})


class Kontor:
    def __init__(self, balance: Decimal | str = "100000", price: Decimal | str = "0.0125") -> None:
        self.balance = Decimal(balance)
        self.price = Decimal(price)
        self.calls_charged = 0
        self._lock = threading.Lock()

    def charge(self, floor: Decimal | None = None) -> bool:
        """Take the price of one call; return False (406) when the balance cannot pay for it.

        `floor` is a credit level below which calls are refused even though credit remains
        (fault injection: "406 at a chosen credit level").
        """
        with self._lock:
            limit = max(self.price, floor + self.price) if floor is not None else self.price
            if self.balance < limit:
                return False
            self.balance -= self.price
            self.calls_charged += 1
            return True

    def remaining(self) -> Decimal:
        with self._lock:
            return self.balance

    def set_balance(self, balance: Decimal | str) -> None:
        with self._lock:
            self.balance = Decimal(balance)
