"""The in-process simulator: tenants with generated data, served over HTTP on loopback.

    with Simulator(tenants=2, seed=42, sizes={"scf_carikart": 500}) as sim:
        tenant = sim.tenants[0]        # base_url, username, password, api_key, companies
        ...                            # talk to f"{tenant.base_url}/api/v3/<module>/json"
        sim.advance(tenant.server_code, seconds=3600, update_share=0.1)
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from . import changes
from .accounting import Kontor
from .data.build import build_tenant, table_sizes
from .data.models import MODELS
from .data.tenant import DEFAULT_CLOCK, TenantData
from .faults import FaultPlan, corrupt_columns
from .pagecache import DEFAULT_MAX_BYTES, PageCache
from .query import column_values
from .server import DiaHTTPServer
from .sessions import SessionStore
from .state import TenantState

log = logging.getLogger(__name__)

# Services missing on every second tenant's server, as on DIA servers without the module.
DEFAULT_MISSING = frozenset({"dag_bolge_listele", "dag_bolge_getir"})


@dataclass(frozen=True)
class SimPeriod:
    donemkodu: int
    gorunendonemkodu: str
    baslangictarihi: dt.date
    bitistarihi: dt.date
    ontanimli: bool


@dataclass(frozen=True)
class SimCompany:
    firma_kodu: int
    firmaadi: str
    donemler: list[int]
    periods: tuple[SimPeriod, ...] = ()


@dataclass(frozen=True)
class SimTenant:
    server_code: str
    base_url: str  # the client appends /api/v3/<module>/json
    username: str
    password: str
    api_key: str
    companies: list[SimCompany]


def _credentials(seed: int, index: int) -> tuple[str, str, str]:
    rng = random.Random(f"dia-simulator:{seed}:{index}")
    password = "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(14))
    api_key = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return f"ws_sim{index + 1}", password, api_key


def _tenant_sizes(sizes: dict[str, Any] | None, server_code: str) -> dict[str, int]:
    """Sizes for one tenant: entries named after models apply to all, entries named after a server code to one."""
    if not sizes:
        return {}
    result = {name: int(value) for name, value in sizes.items() if name in MODELS}
    result.update({name: int(value) for name, value in (sizes.get(server_code) or {}).items()})
    return result


class Simulator:
    def __init__(
        self,
        tenants: int = 3,
        seed: int = 42,
        sizes: dict[str, Any] | None = None,
        kontor_per_call: Decimal | str = "0.0125",
        idle_timeout: float = 3600.0,
        initial_kontor: Decimal | str = "100000",
        clock: dt.datetime = DEFAULT_CLOCK,
        string_key_share: float = 0.1,
        tricky_share: float = 0.005,
        missing_services: dict[str, set[str]] | None = None,
        ascii_only: bool = False,
        page_cache_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if tenants < 1:
            raise ValueError(f"tenants must be at least 1, got {tenants}")
        self.seed = seed
        self._states: dict[str, TenantState] = {}
        self._advance_rounds: dict[str, int] = {}
        self._server: DiaHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        for index in range(tenants):
            server_code = f"sim{index + 1}"
            data = TenantData(seed, index, _tenant_sizes(sizes, server_code), clock, string_key_share, tricky_share)
            build_tenant(data)
            username, password, api_key = _credentials(seed, index)
            missing = (missing_services or {}).get(server_code)
            if missing is None and missing_services is None:
                missing = DEFAULT_MISSING if index % 2 == 1 else frozenset()
            self._states[server_code] = TenantState(
                server_code=server_code, username=username, password=password, api_key=api_key, data=data,
                sessions=SessionStore(idle_timeout), kontor=Kontor(initial_kontor, kontor_per_call),
                missing_services=frozenset(missing or ()), ascii_only=ascii_only,
                pages=PageCache(page_cache_bytes),
            )
            log.info("tenant %s generated: %s", server_code, table_sizes(data))

    # ---- serving ------------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> Simulator:
        """Serve in a background thread; port 0 picks a free port."""
        if self._server is not None:
            raise RuntimeError(f"the simulator is already serving at {self.base_url}")
        self._server = DiaHTTPServer((host, port), self)
        bound_host, bound_port = self._server.server_address[:2]
        shown_host = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
        self.base_url = f"http://{shown_host}:{bound_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name="dia-simulator", daemon=True
        )
        self._thread.start()
        log.info("DIA simulator serving at %s", self.base_url)
        return self

    def serve_forever_started(self) -> None:
        """Block until the serving thread ends (Ctrl-C raises KeyboardInterrupt here)."""
        if self._thread is None:
            raise RuntimeError("start() the simulator first")
        while self._thread.is_alive():
            self._thread.join(0.5)

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        log.info("DIA simulator at %s stopped", self.base_url)

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ---- tenants ------------------------------------------------------------------------------

    def state_of(self, server_code: str) -> TenantState | None:
        return self._states.get(server_code)

    def _state(self, server_code: str) -> TenantState:
        state = self._states.get(server_code)
        if state is None:
            raise KeyError(f"unknown tenant {server_code!r}; the simulator has {sorted(self._states)}")
        return state

    @property
    def tenants(self) -> list[SimTenant]:
        return [self.tenant(code) for code in self._states]

    def tenant(self, server_code: str) -> SimTenant:
        state = self._state(server_code)
        companies = [
            SimCompany(
                company.firma_kodu, company.firmaadi, [period.donemkodu for period in company.periods],
                tuple(SimPeriod(p.donemkodu, p.gorunendonemkodu, p.baslangictarihi, p.bitistarihi, p.ontanimli)
                      for p in company.periods),
            )
            for company in state.data.companies
        ]
        return SimTenant(server_code, f"{self.base_url}/{server_code}", state.username, state.password,
                         state.api_key, companies)

    def describe(self) -> dict[str, Any]:
        """Tenants as JSON-ready dicts (the admin endpoint and the CLI print this)."""
        return {
            "base_url": self.base_url,
            "tenants": [
                {
                    "server_code": tenant.server_code, "base_url": tenant.base_url, "username": tenant.username,
                    "password": tenant.password, "api_key": tenant.api_key,
                    "companies": [{"firma_kodu": c.firma_kodu, "firmaadi": c.firmaadi, "donemler": c.donemler}
                                  for c in tenant.companies],
                    "missing_services": sorted(self._states[tenant.server_code].missing_services),
                }
                for tenant in self.tenants
            ],
        }

    # ---- inspection and control ------------------------------------------------------------------

    def rows(self, server_code: str, model: str, firma_kodu: int = 1, donem_kodu: int | None = None) -> list[dict[str, Any]]:
        """Live rows of a model as a full listing would send them (bad-row faults included)."""
        state = self._state(server_code)
        spec = MODELS[model]
        with state.lock:
            table = state.data.table(model, firma_kodu, donem_kodu)
            if table is None:
                return []
            names = table.column_names
            columns = column_values(table, np.arange(len(table)), names)
            keys = table.keys.tolist()
        corrupt_columns(names, columns, keys, spec, state.faults.plan)
        return [dict(zip(names, values)) for values in zip(*columns)]

    def table_sizes(self, server_code: str) -> dict[str, int]:
        return table_sizes(self._state(server_code).data)

    def advance(self, server_code: str, seconds: float = 86400, update_share: float = 0.05,
                insert_share: float = 0.02, delete_share: float = 0.01,
                models: list[str] | tuple[str, ...] | None = None, firma_kodu: int | None = None) -> changes.ChangeSet:
        """Move the tenant's clock on and change the chosen share of rows of each model.

        Shares are of each table's rows (per company, per period for invoices); `firma_kodu`
        limits the changes to one company. Invoice lines follow their invoices.
        """
        state = self._state(server_code)
        with state.lock:
            round_number = self._advance_rounds.get(server_code, 0) + 1
            self._advance_rounds[server_code] = round_number
            result = changes.advance(
                state.data, round_number, seconds, update_share, insert_share, delete_share, models, firma_kodu
            )
            state.note_change()
        log.info("tenant %s advanced to %s", server_code, result.clock)
        return result

    def set_faults(self, server_code: str, plan: FaultPlan | None) -> None:
        state = self._state(server_code)
        with state.lock:
            state.faults.replace(plan or FaultPlan())
            state.note_change()

    def fired_faults(self, server_code: str) -> list[tuple[int, str, str]]:
        """(fault index, kind, service) of every fault fired since the plan was set."""
        return list(self._state(server_code).faults.fired)

    def kontor(self, server_code: str) -> Decimal:
        return self._state(server_code).kontor.remaining()

    def set_kontor(self, server_code: str, balance: Decimal | str) -> None:
        self._state(server_code).kontor.set_balance(balance)

    def clock(self, server_code: str) -> str:
        from .data.formats import timestamp  # noqa: PLC0415

        return timestamp(self._state(server_code).data.clock)
