"""When the DIA client may send a call again, and how long it waits before doing so."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Read services of the sis module that have no _listele or _getir suffix.
SIS_QUERIES = frozenset(
    {
        "sis_ping",
        "sis_kontor_sorgula",
        "sis_yetkili_firma_donem_sube_depo",
    }
)

_READ_SUFFIXES = ("_getir",)
_LISTING_MARK = "_listele"


def is_replayable(service: str) -> bool:
    """Tell whether a call to `service` may be sent again after a transient failure.

    Listings, `_getir` and the sis queries only read, so a repeat returns the same data. Login
    is included because a repeated login only replaces a session that was never returned.
    `_ekle`, `_guncelle`, `_sil` and any unknown service are not replayable: DIA's `_ekle`
    is not idempotent, so resending one whose response was lost can create a second record.
    """
    if service == "login" or service in SIS_QUERIES:
        return True

    # `_listele` also covers the detail listings such as scf_fatura_listele_ayrintili.
    return _LISTING_MARK in service or service.endswith(_READ_SUFFIXES)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long the client retries transient failures of replayable calls.

    `max_attempts` counts the first try. `deadline` (seconds) bounds one call as a whole: every
    attempt, the waits between them and the reading of each body.
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    deadline: float = 600.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")

        if self.base_delay < 0 or self.max_delay < self.base_delay:
            raise ValueError(
                f"expected 0 <= base_delay <= max_delay, got {self.base_delay} and {self.max_delay}"
            )

        if self.deadline <= 0:
            raise ValueError(f"deadline must be positive seconds, got {self.deadline}")

    def backoff(self, failed_attempts: int, rng: random.Random) -> float:
        """Return the wait in seconds after `failed_attempts` failures, with full jitter.

        The wait is uniform between 0 and base_delay * 2**(failed_attempts - 1), capped at
        max_delay, so clients that failed together do not retry together.
        """
        ceiling = min(self.max_delay, self.base_delay * 2 ** (failed_attempts - 1))
        return rng.uniform(0.0, ceiling)
