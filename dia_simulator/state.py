"""Everything the simulator keeps for one tenant (one DIA server)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .accounting import Kontor
from .data.models import EKLE_MODELS, GETIR_MODELS, MODELS
from .data.tenant import TenantData
from .faults import FaultCounters
from .pagecache import PageCache
from .sessions import SessionStore

SESSION_SERVICES = frozenset({"login", "logout", "sis_ping", "sis_kontor_sorgula", "sis_yetkili_firma_donem_sube_depo"})


def all_services() -> frozenset[str]:
    services = set(SESSION_SERVICES)
    for spec in MODELS.values():
        services.add(spec.listing_service)
    services.update(f"{model}_getir" for model in GETIR_MODELS)
    services.update(f"{model}_ekle" for model in EKLE_MODELS)
    return frozenset(services)


@dataclass
class TenantState:
    server_code: str
    username: str
    password: str
    api_key: str
    data: TenantData
    sessions: SessionStore
    kontor: Kontor
    missing_services: frozenset[str] = frozenset()
    ascii_only: bool = False
    faults: FaultCounters = field(default_factory=FaultCounters)
    # Held while a call reads or changes the tenant's tables, so pages never see half an advance.
    lock: threading.RLock = field(default_factory=threading.RLock)
    calls: int = 0
    # Incremented by every advance, write and fault plan change; part of each cached page's key.
    change_count: int = 0
    pages: PageCache = field(default_factory=PageCache)

    def note_change(self) -> None:
        """Record that data or faults changed, so no cached page from before is served."""
        self.change_count += 1
        self.pages.clear()

    def offers(self, service: str) -> bool:
        return service in all_services() and service not in self.missing_services
