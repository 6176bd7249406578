"""Sync a whole tenant without Dagster: for tests, benchmarks and scripted use."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from dia_pipelines.catalog import TABLES, TableSpec
from dia_resources.dia import DiaClient

from .flow import TableSyncResult, sync_table
from .scopes import resolve_companies


def open_client(tenant, **client_options) -> DiaClient:
    """Create a DIA client for a registered tenant; it logs in on first use."""
    return DiaClient(
        tenant.base_url,
        username=tenant.username,
        password=tenant.password,
        api_key=tenant.api_key,
        tenant_id=tenant.tenant_id,
        **client_options,
    )


def sync_tenant(
    warehouse_url: str,
    tenant,
    tables: Iterable[TableSpec] | None = None,
    *,
    full_refresh: bool = False,
    client: DiaClient | None = None,
    log: logging.Logger | None = None,
) -> list[TableSyncResult]:
    """Sync ``tables`` (all of the catalog by default) for one tenant over one DIA session.

    Stops at the first table that fails; tables synced before it keep their new state.
    """
    own_client = client is None
    client = client or open_client(tenant)
    try:
        companies = resolve_companies(client, list(tenant.companies))
        return [
            sync_table(client, warehouse_url, tenant.tenant_id, spec, companies, full_refresh=full_refresh, log=log)
            for spec in (tables or TABLES)
        ]
    finally:
        if own_client:
            client.close()
