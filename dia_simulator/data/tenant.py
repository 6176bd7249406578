"""One tenant's generated DIA data: companies, periods and a table per model and scope.

Everything is drawn from numpy generators seeded with (seed, tenant index, labels), so a table's
content depends only on the seed, the tenant and that table's size, never on the order in which
other tables were built or on the wall clock.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field

import numpy as np

from . import formats
from .models import MODELS
from .table import Table

DEFAULT_SIZES: dict[str, int] = {
    # Rows per company for cards and code tables, per period for documents.
    "scf_carikart": 2000,
    "scf_stokkart": 500,
    "scf_fatura": 1500,
    "scf_satiselemani": 12,
    "sis_ozelkod": 24,
    "muh_hesapkarti": 60,
}

# The simulated clock starts here unless the simulator is told otherwise (Turkey local time).
DEFAULT_CLOCK = dt.datetime(2026, 11, 30, 17, 0, 0)


@dataclass
class Period:
    donemkodu: int
    gorunendonemkodu: str
    baslangictarihi: dt.date
    bitistarihi: dt.date
    ontanimli: bool


@dataclass
class Company:
    firma_kodu: int
    firmaadi: str
    periods: list[Period] = field(default_factory=list)

    def period(self, donemkodu: int) -> Period | None:
        for period in self.periods:
            if period.donemkodu == donemkodu:
                return period
        return None


@dataclass
class RowContext:
    """What a row generator needs: where the rows go and when they were created."""

    data: TenantData
    rng: np.random.Generator
    company: Company
    period: Period | None
    created_from: int  # seconds since 1970, Turkey local time
    created_to: int

    @property
    def firma_kodu(self) -> int:
        return self.company.firma_kodu

    @property
    def donem_kodu(self) -> int | None:
        return self.period.donemkodu if self.period else None

    def record_times(self, count: int, touched_share: float = 0.4) -> tuple[np.ndarray, np.ndarray]:
        """Creation times sorted ascending (keys grow with them) and last-change times after them."""
        low, high = self.created_from, max(self.created_from, self.created_to)
        created = np.sort(self.rng.integers(low, high + 1, size=count))
        touched = self.rng.random(count) < touched_share
        later = (self.rng.random(count) * (high - created)).astype(np.int64)
        return created, created + np.where(touched, later, 0)


class TenantData:
    def __init__(
        self,
        seed: int,
        index: int,
        sizes: dict[str, int],
        clock: dt.datetime = DEFAULT_CLOCK,
        string_key_share: float = 0.1,
        tricky_share: float = 0.005,
        company_count: int | None = None,
    ) -> None:
        self.seed = seed
        self.index = index
        self.sizes = {**DEFAULT_SIZES, **sizes}
        self.clock = formats.seconds_of(clock)
        self.string_key_share = string_key_share
        self.tricky_share = tricky_share
        self.tables: dict[tuple[str, int, int | None], Table] = {}
        self._next_key: dict[str, int] = {}
        self._next_code: dict[tuple[str, int, int | None], int] = {}
        self.companies = self._make_companies(company_count)

    def rng(self, *labels: object) -> np.random.Generator:
        """A generator that depends only on the seed, the tenant and the labels."""
        words = [zlib.crc32(str(label).encode()) for label in labels]
        return np.random.default_rng([self.seed, self.index, *words])

    def company(self, firma_kodu: int) -> Company | None:
        for company in self.companies:
            if company.firma_kodu == firma_kodu:
                return company
        return None

    def table(self, model: str, firma_kodu: int, donem_kodu: int | None = None) -> Table | None:
        scope = donem_kodu if MODELS[model].period_scoped else None
        return self.tables.get((model, firma_kodu, scope))

    def tables_of(self, model: str) -> list[tuple[int, int | None, Table]]:
        return [(firma, donem, table) for (name, firma, donem), table in self.tables.items() if name == model]

    def allocate_keys(self, model: str, count: int, rng: np.random.Generator) -> np.ndarray:
        """New keys for a model, larger than every key handed out before (unique per model)."""
        start = self._next_key.get(model, 1000 + 10_000 * (list(MODELS).index(model) + 1))
        keys = start + np.cumsum(rng.integers(1, 4, size=count, dtype=np.int64))
        self._next_key[model] = int(keys[-1]) + 1 if count else start
        return keys

    def allocate_codes(self, model: str, firma_kodu: int, donem_kodu: int | None, count: int) -> np.ndarray:
        """Sequence numbers for human-readable codes, unique per model and scope."""
        scope = (model, firma_kodu, donem_kodu)
        start = self._next_code.get(scope, 1)
        self._next_code[scope] = start + count
        return np.arange(start, start + count, dtype=np.int64)

    def encode_keys(self, keys: np.ndarray) -> np.ndarray:
        return formats.key_values(keys, self.string_key_share)

    def context(self, rng: np.random.Generator, company: Company, period: Period | None,
                created_from: int | None = None, created_to: int | None = None) -> RowContext:
        if created_from is None:
            first_day = period.baslangictarihi if period else company.periods[0].baslangictarihi - dt.timedelta(days=365)
            created_from = formats.seconds_of(dt.datetime.combine(first_day, dt.time(8)))
        if created_to is None:
            last_day = period.bitistarihi if period else dt.date(9999, 1, 1)
            created_to = min(self.clock, formats.seconds_of(dt.datetime.combine(last_day, dt.time(19))))
        return RowContext(self, rng, company, period, created_from, created_to)

    def _make_companies(self, company_count: int | None) -> list[Company]:
        from .pools import SECTORS, name_pools  # noqa: PLC0415 (pools build Faker data on first use)

        rng = self.rng("companies")
        count = company_count if company_count is not None else 2 + self.index % 2
        last_names = name_pools().last_names
        year = dt.datetime.fromtimestamp(0, dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=self.clock)
        companies = []
        for number in range(1, count + 1):
            name = f"{last_names[rng.integers(len(last_names))]} {SECTORS[rng.integers(len(SECTORS))]} A.Ş."
            # The first company has three fiscal years, later ones were opened a year later each.
            first_year = year.year - max(0, 2 - (number - 1))
            periods = [
                Period(
                    donemkodu=index + 1,
                    gorunendonemkodu=str(period_year),
                    baslangictarihi=dt.date(period_year, 1, 1),
                    bitistarihi=dt.date(period_year, 12, 31),
                    ontanimli=period_year == year.year,
                )
                for index, period_year in enumerate(range(first_year, year.year + 1))
            ]
            companies.append(Company(number, name, periods))
        return companies
