"""Pulling DIA tables into the warehouse: the flow that the assets run."""

from .flow import FULL, INCREMENTAL, SyncError, TableSyncResult, sync_table
from .scopes import CompanyPeriods, resolve_companies, scopes_for
from .tenant import open_client, sync_tenant

__all__ = [
    "FULL",
    "INCREMENTAL",
    "CompanyPeriods",
    "SyncError",
    "TableSyncResult",
    "open_client",
    "resolve_companies",
    "scopes_for",
    "sync_table",
    "sync_tenant",
]
