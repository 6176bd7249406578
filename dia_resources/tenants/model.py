"""A tenant: one DIA account whose companies we sync, and the checks on its fields."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# The id becomes a Dagster partition key, a value in every warehouse row and part of file names,
# so it stays a lowercase slug. 63 is PostgreSQL's identifier length, should anyone build one.
TENANT_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")

# A DIA server code is the first DNS label of <code>.ws.dia.com.tr.
SERVER_CODE_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
DIA_HOST_SUFFIX = "ws.dia.com.tr"


class TenantRegistryError(Exception):
    """Base class for tenant registry errors."""


class InvalidTenantError(TenantRegistryError, ValueError):
    """A tenant field has a value the registry does not accept."""


class TenantNotFoundError(TenantRegistryError, LookupError):
    """No tenant with that id is registered."""


class TenantExistsError(TenantRegistryError):
    """A tenant with that id is already registered."""


def validate_tenant_id(tenant_id: str) -> str:
    """Return ``tenant_id`` when it is a valid slug, else raise InvalidTenantError."""
    if not isinstance(tenant_id, str) or not TENANT_ID_PATTERN.fullmatch(tenant_id):
        raise InvalidTenantError(
            f"Invalid tenant id {tenant_id!r}: use 1 to 63 characters from a-z, 0-9, '_' and '-', "
            "starting with a letter or digit (for example acme or acme-tr)."
        )
    return tenant_id


def base_url_for_server_code(server_code: str) -> str:
    """Return the DIA web service root for a server code: ``https://<code>.ws.dia.com.tr``."""
    code = server_code.strip().lower()
    if not SERVER_CODE_PATTERN.fullmatch(code):
        raise InvalidTenantError(
            f"Invalid DIA server code {server_code!r}: expected the first part of "
            f"<code>.{DIA_HOST_SUFFIX}, letters, digits and '-' only."
        )
    return f"https://{code}.{DIA_HOST_SUFFIX}"


def normalise_base_url(base_url: str) -> str:
    """Return ``base_url`` without a trailing slash after checking it is an http(s) URL with a host."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidTenantError(
            f"Invalid base URL {base_url!r}: expected http(s)://HOST[:PORT][/PATH], "
            "for example https://acme.ws.dia.com.tr."
        )
    if parts.query or parts.fragment:
        raise InvalidTenantError(f"Invalid base URL {base_url!r}: remove the query string or fragment.")
    return base_url.strip().rstrip("/")


@dataclass(frozen=True)
class Tenant:
    """One DIA account and the companies to sync from it, with its credentials in clear text.

    ``companies`` empty means every company the DIA user may see. Secrets stay out of ``repr``
    so that a logged tenant never shows them.
    """

    tenant_id: str
    base_url: str
    username: str
    password: str = field(repr=False)
    api_key: str = field(repr=False)
    companies: list[int] = field(default_factory=list)
    sync_interval_minutes: int = 60
    server_code: str | None = None
    enabled: bool = True
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @classmethod
    def create(
        cls,
        tenant_id: str,
        *,
        username: str,
        password: str,
        api_key: str,
        server_code: str | None = None,
        base_url: str | None = None,
        companies: list[int] | tuple[int, ...] = (),
        sync_interval_minutes: int = 60,
        enabled: bool = True,
    ) -> Tenant:
        """Build a checked tenant from either a DIA server code or a base URL (not both)."""
        if (server_code is None) == (base_url is None):
            raise InvalidTenantError("Give exactly one of a DIA server code or a base URL.")

        if server_code is not None:
            server_code = server_code.strip().lower()
            base_url = base_url_for_server_code(server_code)
        else:
            base_url = normalise_base_url(base_url)

        tenant = cls(
            tenant_id=tenant_id,
            base_url=base_url,
            username=username,
            password=password,
            api_key=api_key,
            companies=sorted(set(companies)),
            sync_interval_minutes=sync_interval_minutes,
            server_code=server_code,
            enabled=enabled,
        )
        tenant.validate()
        return tenant

    def validate(self) -> None:
        """Raise InvalidTenantError naming the first field with an unacceptable value."""
        validate_tenant_id(self.tenant_id)
        normalise_base_url(self.base_url)

        for name in ("username", "password", "api_key"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidTenantError(f"Missing {name} for tenant {self.tenant_id!r}.")

        for code in self.companies:
            if isinstance(code, bool) or not isinstance(code, int) or code <= 0:
                raise InvalidTenantError(
                    f"Invalid company code {code!r} for tenant {self.tenant_id!r}: expected a positive integer."
                )

        interval = self.sync_interval_minutes
        if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
            raise InvalidTenantError(
                f"Invalid sync interval {interval!r} for tenant {self.tenant_id!r}: expected whole minutes, at least 1."
            )


@dataclass(frozen=True)
class TenantSummary:
    """A registered tenant without its secrets, as ``TenantRegistry.list`` returns it."""

    tenant_id: str
    base_url: str
    username: str
    companies: list[int]
    sync_interval_minutes: int
    server_code: str | None
    enabled: bool
    created_at: dt.datetime
    updated_at: dt.datetime
