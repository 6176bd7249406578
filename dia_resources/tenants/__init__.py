"""The tenant registry: which DIA accounts to sync, with their credentials encrypted at rest.

Typical use from a sync::

    from dia_resources.tenants import TenantRegistry
    from dia_resources.warehouse.settings import secret_keys, warehouse_url

    tenant = TenantRegistry(warehouse_url(), secret_keys()).get("acme")
"""

from .model import (
    InvalidTenantError,
    Tenant,
    TenantExistsError,
    TenantNotFoundError,
    TenantRegistryError,
    TenantSummary,
    base_url_for_server_code,
    validate_tenant_id,
)
from .registry import TenantRegistry
from .secrets import SecretBox, SecretKeyError

__all__ = [
    "InvalidTenantError",
    "SecretBox",
    "SecretKeyError",
    "Tenant",
    "TenantExistsError",
    "TenantNotFoundError",
    "TenantRegistry",
    "TenantRegistryError",
    "TenantSummary",
    "base_url_for_server_code",
    "validate_tenant_id",
]
