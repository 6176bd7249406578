"""The Dagster resources: the warehouse, the tenant registry and the DIA sessions of a run.

A DIA user has one live session: a second login kicks the first out. So a run keeps exactly
one client per tenant, shared by every asset and check of the run (the sync job uses the
in-process executor), and logs it out when the run ends.
"""

import threading
from decimal import Decimal

import dagster as dg
from pydantic import Field, PrivateAttr

from dia_resources.warehouse import settings

class WarehouseResource(dg.ConfigurableResource):
    """The Postgres warehouse with the dia_raw, dia_meta, dia_conformed and dbt schemas."""

    url: str | None = Field(
        default=None,
        description="Postgres URL of the warehouse; unset means DIA_WAREHOUSE_URL or the embedded server.",
    )

    def connection_url(self) -> str:
        return self.url or settings.warehouse_url()

class TenantRegistryResource(dg.ConfigurableResource):
    """The registered tenants, with their DIA credentials decrypted on request."""

    warehouse: dg.ResourceDependency[WarehouseResource]

    def get(self, tenant_id: str):
        """Return the tenant with its secrets decrypted (needs DIA_SECRET_KEY) and log the read."""
        from dia_resources.tenants import TenantRegistry

        registry = TenantRegistry(self.warehouse.connection_url(), settings.secret_keys(), actor="dagster run")
        return registry.get(tenant_id)

    def list(self):
        """Return every registered tenant without secrets, which needs no key."""
        from dia_resources.tenants import TenantRegistry

        return TenantRegistry(self.warehouse.connection_url(), None).list()

class DiaSessionsResource(dg.ConfigurableResource):
    """One DIA client (one session) per tenant for the length of a run."""

    kontor_per_call: str = Field(default="0.0125", description="Kontör that DIA charges per call.")
    timeout_seconds: float = Field(default=120.0, description="Deadline in seconds for one DIA call.")

    _clients: dict = PrivateAttr(default_factory=dict)
    _companies: dict = PrivateAttr(default_factory=dict)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def client_for(self, tenant):
        from dia_pipelines.sync import open_client

        with self._lock:
            if tenant.tenant_id not in self._clients:
                self._clients[tenant.tenant_id] = open_client(
                    tenant, kontor_per_call=Decimal(self.kontor_per_call), deadline=self.timeout_seconds
                )
            return self._clients[tenant.tenant_id]

    def companies_for(self, tenant):
        """Return the tenant's companies and periods, listed once per run with one DIA call."""
        from dia_pipelines.sync import resolve_companies

        client = self.client_for(tenant)
        with self._lock:
            if tenant.tenant_id not in self._companies:
                self._companies[tenant.tenant_id] = resolve_companies(client, list(tenant.companies))
            return self._companies[tenant.tenant_id]

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()
        self._companies.clear()
