"""The tenant registry: ``dia_meta.dia_configurations`` with encrypted secrets, and its access log.

Every read of a tenant's secrets (``get``) and every change appends a row to
``dia_meta.access_log`` in the same transaction, so the log shows who read which tenant's
credentials and when. ``list`` never decrypts and is not logged.
"""

from __future__ import annotations

import getpass
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg2

from .model import Tenant, TenantExistsError, TenantNotFoundError, TenantSummary, validate_tenant_id
from .secrets import SecretBox, SecretKeyError

# Serialises the DDL below between processes: two concurrent CREATE TABLE IF NOT EXISTS can
# still collide on the catalog's unique index. The number is arbitrary but fixed.
_DDL_LOCK_ID = 74_250_001

DDL = """
CREATE SCHEMA IF NOT EXISTS dia_meta;

CREATE TABLE IF NOT EXISTS dia_meta.dia_configurations (
    tenant_id              text        PRIMARY KEY CHECK (tenant_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    server_code            text,
    base_url               text        NOT NULL,
    username               text        NOT NULL,
    company_codes          integer[]   NOT NULL DEFAULT '{}',  -- empty: every company the user sees
    sync_interval_minutes  integer     NOT NULL CHECK (sync_interval_minutes >= 1),
    password_encrypted     text        NOT NULL,  -- Fernet token
    api_key_encrypted      text        NOT NULL,  -- Fernet token
    enabled                boolean     NOT NULL DEFAULT true,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS dia_meta.access_log (
    id           bigserial   PRIMARY KEY,
    tenant_id    text        NOT NULL,
    action       text        NOT NULL,  -- read_secrets, add, update, remove, rotate_key
    actor        text        NOT NULL,
    accessed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS access_log_tenant_time ON dia_meta.access_log (tenant_id, accessed_at);
"""

_COLUMNS = (
    "tenant_id, server_code, base_url, username, company_codes, sync_interval_minutes, "
    "password_encrypted, api_key_encrypted, enabled, created_at, updated_at"
)

_INSERT = f"""
INSERT INTO dia_meta.dia_configurations ({_COLUMNS})
VALUES (%(tenant_id)s, %(server_code)s, %(base_url)s, %(username)s, %(company_codes)s,
        %(sync_interval_minutes)s, %(password_encrypted)s, %(api_key_encrypted)s, %(enabled)s,
        now(), now())
"""

_UPDATE = """
UPDATE dia_meta.dia_configurations
   SET server_code = %(server_code)s, base_url = %(base_url)s, username = %(username)s,
       company_codes = %(company_codes)s, sync_interval_minutes = %(sync_interval_minutes)s,
       password_encrypted = %(password_encrypted)s, api_key_encrypted = %(api_key_encrypted)s,
       enabled = %(enabled)s, updated_at = now()
 WHERE tenant_id = %(tenant_id)s
"""

_LOG_ACCESS = "INSERT INTO dia_meta.access_log (tenant_id, action, actor) VALUES (%s, %s, %s)"


def _tenant_from_row(row: tuple, secret_box: SecretBox) -> Tenant:
    (tenant_id, server_code, base_url, username, company_codes, interval,
     password_token, api_key_token, enabled, created_at, updated_at) = row
    return Tenant(
        tenant_id=tenant_id,
        base_url=base_url,
        username=username,
        password=secret_box.decrypt(password_token, what=f"password of tenant {tenant_id!r}"),
        api_key=secret_box.decrypt(api_key_token, what=f"API key of tenant {tenant_id!r}"),
        companies=list(company_codes),
        sync_interval_minutes=interval,
        server_code=server_code,
        enabled=enabled,
        created_at=created_at,
        updated_at=updated_at,
    )


def default_actor() -> str:
    """Return ``user@host pid N`` for the access log."""
    return f"{getpass.getuser()}@{socket.gethostname()} pid {os.getpid()}"


class TenantRegistry:
    """Tenants and their DIA credentials, stored in Postgres with the secrets encrypted.

    ``conn_url`` is a libpq URL (``postgresql://...``); ``secret_keys`` are Fernet keys, the
    first of which encrypts. With ``secret_keys=None`` the registry can list, enable, disable and
    remove tenants, but not add them or read their secrets. ``actor`` names the reader in the
    access log, e.g. a Dagster run.
    """

    def __init__(self, conn_url: str, secret_keys: Sequence[str] | None, *, actor: str | None = None) -> None:
        self._conn_url = conn_url
        self._secret_box = SecretBox(secret_keys) if secret_keys is not None else None
        self._actor = actor or default_actor()
        self._create_tables()

    @property
    def _secrets(self) -> SecretBox:
        if self._secret_box is None:
            raise SecretKeyError("No secret keys were given, so tenant secrets cannot be read or written.", reason="missing")
        return self._secret_box

    # -- reads ------------------------------------------------------------------------------

    def get(self, tenant_id: str) -> Tenant:
        """Return the tenant with its secrets decrypted, and log the read."""
        validate_tenant_id(tenant_id)
        secret_box = self._secrets

        with self._transaction() as cursor:
            cursor.execute(f"SELECT {_COLUMNS} FROM dia_meta.dia_configurations WHERE tenant_id = %s", (tenant_id,))
            row = cursor.fetchone()
            if row is None:
                raise TenantNotFoundError(f"Tenant {tenant_id!r} is not registered.")

            cursor.execute(_LOG_ACCESS, (tenant_id, "read_secrets", self._actor))

        return _tenant_from_row(row, secret_box)

    def list(self, *, enabled_only: bool = False) -> list[TenantSummary]:
        """Return every tenant, ordered by id, without secrets."""
        query = (
            "SELECT tenant_id, base_url, username, company_codes, sync_interval_minutes, "
            "server_code, enabled, created_at, updated_at FROM dia_meta.dia_configurations"
        )
        if enabled_only:
            query += " WHERE enabled"
        with self._transaction() as cursor:
            cursor.execute(query + " ORDER BY tenant_id")
            rows = cursor.fetchall()

        return [
            TenantSummary(
                tenant_id=row[0],
                base_url=row[1],
                username=row[2],
                companies=list(row[3]),
                sync_interval_minutes=row[4],
                server_code=row[5],
                enabled=row[6],
                created_at=row[7],
                updated_at=row[8],
            )
            for row in rows
        ]

    def tenant_ids(self, *, enabled_only: bool = True) -> list[str]:
        """Return the ids of the (enabled) tenants, e.g. as Dagster partition keys."""
        return [summary.tenant_id for summary in self.list(enabled_only=enabled_only)]

    # -- changes ----------------------------------------------------------------------------

    def add(self, tenant: Tenant, *, replace: bool = False) -> bool:
        """Register ``tenant``; with ``replace``, overwrite an existing one of the same id.

        Returns True when an existing tenant was replaced.
        """
        tenant.validate()
        values = {
            "tenant_id": tenant.tenant_id,
            "server_code": tenant.server_code,
            "base_url": tenant.base_url,
            "username": tenant.username,
            "company_codes": sorted(set(tenant.companies)),
            "sync_interval_minutes": tenant.sync_interval_minutes,
            "password_encrypted": self._secrets.encrypt(tenant.password),
            "api_key_encrypted": self._secrets.encrypt(tenant.api_key),
            "enabled": tenant.enabled,
        }

        with self._transaction() as cursor:
            cursor.execute(
                "SELECT 1 FROM dia_meta.dia_configurations WHERE tenant_id = %s FOR UPDATE",
                (tenant.tenant_id,),
            )
            exists = cursor.fetchone() is not None
            if exists and not replace:
                raise TenantExistsError(
                    f"Tenant {tenant.tenant_id!r} is already registered; remove it first or replace it."
                )

            cursor.execute(_UPDATE if exists else _INSERT, values)
            cursor.execute(_LOG_ACCESS, (tenant.tenant_id, "update" if exists else "add", self._actor))

        return exists

    def set_enabled(self, tenant_id: str, enabled: bool) -> None:
        """Turn syncing of a tenant on or off without touching its credentials."""
        validate_tenant_id(tenant_id)
        with self._transaction() as cursor:
            cursor.execute(
                "UPDATE dia_meta.dia_configurations SET enabled = %s, updated_at = now() WHERE tenant_id = %s",
                (enabled, tenant_id),
            )
            if cursor.rowcount == 0:
                raise TenantNotFoundError(f"Tenant {tenant_id!r} is not registered.")
            cursor.execute(_LOG_ACCESS, (tenant_id, "enable" if enabled else "disable", self._actor))

    def remove(self, tenant_id: str) -> None:
        """Delete the tenant and its secrets; its synced warehouse rows stay."""
        validate_tenant_id(tenant_id)
        with self._transaction() as cursor:
            cursor.execute("DELETE FROM dia_meta.dia_configurations WHERE tenant_id = %s", (tenant_id,))
            if cursor.rowcount == 0:
                raise TenantNotFoundError(f"Tenant {tenant_id!r} is not registered.")
            cursor.execute(_LOG_ACCESS, (tenant_id, "remove", self._actor))

    def rotate_key(self) -> int:
        """Re-encrypt every tenant's secrets under the first key, all in one transaction.

        Returns the number of tenants re-encrypted. If any secret opens with none of the keys,
        nothing changes and SecretKeyError names the tenant.
        """
        with self._transaction() as cursor:
            cursor.execute(
                "SELECT tenant_id, password_encrypted, api_key_encrypted "
                "FROM dia_meta.dia_configurations ORDER BY tenant_id FOR UPDATE"
            )
            rows = cursor.fetchall()

            for tenant_id, password_token, api_key_token in rows:
                cursor.execute(
                    "UPDATE dia_meta.dia_configurations "
                    "SET password_encrypted = %s, api_key_encrypted = %s, updated_at = now() "
                    "WHERE tenant_id = %s",
                    (
                        self._secrets.rotate(password_token, what=f"password of tenant {tenant_id!r}"),
                        self._secrets.rotate(api_key_token, what=f"API key of tenant {tenant_id!r}"),
                        tenant_id,
                    ),
                )
                cursor.execute(_LOG_ACCESS, (tenant_id, "rotate_key", self._actor))

        return len(rows)

    # -- helpers ----------------------------------------------------------------------------

    def _create_tables(self) -> None:
        with self._transaction() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK_ID,))
            cursor.execute(DDL)

    @contextmanager
    def _transaction(self) -> Iterator[psycopg2.extensions.cursor]:
        """Yield a cursor in one transaction: committed on success, rolled back on any error."""
        connection = psycopg2.connect(self._conn_url, application_name="dia-pipelines tenants")
        try:
            with connection:
                with connection.cursor() as cursor:
                    yield cursor
        finally:
            connection.close()
