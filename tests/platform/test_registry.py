"""The tenant registry against a real Postgres: storage, encryption, rotation and the access log."""

from __future__ import annotations

from contextlib import closing

import psycopg2
import pytest
from cryptography.fernet import Fernet

from dia_resources.tenants import (
    InvalidTenantError,
    SecretKeyError,
    Tenant,
    TenantExistsError,
    TenantNotFoundError,
    TenantRegistry,
    validate_tenant_id,
)

PASSWORD = "Parola-9b1f"
API_KEY = "apikey-3c77e0d2"


def make_tenant(tenant_id: str = "acme", **overrides: object) -> Tenant:
    fields = {
        "username": "ws_acme",
        "password": PASSWORD,
        "api_key": API_KEY,
        "server_code": "acme",
        "companies": [1, 2],
        "sync_interval_minutes": 30,
    }
    fields.update(overrides)
    return Tenant.create(tenant_id, **fields)


def fetch(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def registry(warehouse_url, fernet_key) -> TenantRegistry:
    return TenantRegistry(warehouse_url, [fernet_key], actor="pytest")


def test_add_then_get_round_trip(registry):
    registry.add(make_tenant())

    tenant = registry.get("acme")

    assert tenant.tenant_id == "acme"
    assert tenant.base_url == "https://acme.ws.dia.com.tr"
    assert tenant.server_code == "acme"
    assert tenant.username == "ws_acme"
    assert tenant.password == PASSWORD
    assert tenant.api_key == API_KEY
    assert tenant.companies == [1, 2]
    assert tenant.sync_interval_minutes == 30
    assert tenant.enabled is True
    assert tenant.created_at is not None


def test_base_url_tenant(registry):
    registry.add(make_tenant("sim1", server_code=None, base_url="http://127.0.0.1:8123/sim1/"))

    tenant = registry.get("sim1")

    assert tenant.base_url == "http://127.0.0.1:8123/sim1"
    assert tenant.server_code is None


def test_secrets_stored_encrypted(registry, warehouse_url):
    registry.add(make_tenant())

    [(password_token, api_key_token)] = fetch(
        warehouse_url, "SELECT password_encrypted, api_key_encrypted FROM dia_meta.dia_configurations"
    )

    assert PASSWORD not in password_token
    assert API_KEY not in api_key_token
    assert password_token.startswith("gAAAA")  # the Fernet token version byte, base64


def test_repr_hides_secrets(registry):
    registry.add(make_tenant())

    shown = repr(registry.get("acme"))

    assert PASSWORD not in shown
    assert API_KEY not in shown


def test_list_returns_summaries_without_secrets(registry):
    registry.add(make_tenant("beta", enabled=False))
    registry.add(make_tenant("acme"))

    summaries = registry.list()

    assert [summary.tenant_id for summary in summaries] == ["acme", "beta"]
    assert not hasattr(summaries[0], "password")
    assert not hasattr(summaries[0], "api_key")
    assert [summary.tenant_id for summary in registry.list(enabled_only=True)] == ["acme"]
    assert registry.tenant_ids() == ["acme"]


def test_duplicate_add_rejected(registry):
    registry.add(make_tenant())

    with pytest.raises(TenantExistsError):
        registry.add(make_tenant(username="someone_else"))
    assert registry.get("acme").username == "ws_acme"


def test_replace_overwrites(registry):
    registry.add(make_tenant())

    replaced = registry.add(make_tenant(username="ws_new", companies=[]), replace=True)

    tenant = registry.get("acme")
    assert replaced is True
    assert tenant.username == "ws_new"
    assert tenant.companies == []


def test_remove_deletes_tenant(registry):
    registry.add(make_tenant())

    registry.remove("acme")

    with pytest.raises(TenantNotFoundError):
        registry.get("acme")
    with pytest.raises(TenantNotFoundError):
        registry.remove("acme")


def test_disable_and_enable(registry):
    registry.add(make_tenant())

    registry.set_enabled("acme", False)
    assert registry.get("acme").enabled is False

    registry.set_enabled("acme", True)
    assert registry.get("acme").enabled is True


def test_rotation_with_two_keys(warehouse_url):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    TenantRegistry(warehouse_url, [old_key]).add(make_tenant())
    TenantRegistry(warehouse_url, [old_key]).add(make_tenant("beta"))

    both = TenantRegistry(warehouse_url, [new_key, old_key])
    assert both.get("acme").password == PASSWORD  # the old key still opens it before rotation

    assert both.rotate_key() == 2

    only_new = TenantRegistry(warehouse_url, [new_key])
    assert only_new.get("acme").password == PASSWORD
    assert only_new.get("beta").api_key == API_KEY
    with pytest.raises(SecretKeyError):
        TenantRegistry(warehouse_url, [old_key]).get("acme")


def test_rotation_without_old_key_changes_nothing(warehouse_url):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    TenantRegistry(warehouse_url, [old_key]).add(make_tenant())
    before = fetch(warehouse_url, "SELECT password_encrypted FROM dia_meta.dia_configurations")

    with pytest.raises(SecretKeyError) as raised:
        TenantRegistry(warehouse_url, [new_key]).rotate_key()

    assert raised.value.reason == "wrong_key"
    assert fetch(warehouse_url, "SELECT password_encrypted FROM dia_meta.dia_configurations") == before


def test_wrong_key_error_names_tenant_and_fix(registry, warehouse_url):
    registry.add(make_tenant())
    stranger = TenantRegistry(warehouse_url, [Fernet.generate_key().decode()])

    with pytest.raises(SecretKeyError) as raised:
        stranger.get("acme")

    message = str(raised.value)
    assert raised.value.reason == "wrong_key"
    assert "tenant 'acme'" in message
    assert "DIA_SECRET_KEY=NEW,OLD" in message


@pytest.mark.parametrize("bad_key", ["", "not-a-key", "A" * 43, Fernet.generate_key().decode()[:-2]])
def test_malformed_key_rejected(warehouse_url, bad_key):
    with pytest.raises(SecretKeyError) as raised:
        TenantRegistry(warehouse_url, [Fernet.generate_key().decode(), bad_key])

    assert raised.value.reason == "malformed"
    assert "Secret key 2 of 2" in str(raised.value)
    assert "Fernet.generate_key()" in str(raised.value)
    if bad_key:
        assert bad_key not in str(raised.value)


def test_no_keys_still_lists(registry, warehouse_url):
    registry.add(make_tenant())
    keyless = TenantRegistry(warehouse_url, None)

    assert [summary.tenant_id for summary in keyless.list()] == ["acme"]
    with pytest.raises(SecretKeyError):
        keyless.get("acme")


def test_access_log_records_reads(registry, warehouse_url):
    registry.add(make_tenant())
    registry.get("acme")
    registry.get("acme")
    registry.list()

    rows = fetch(warehouse_url, "SELECT action, actor FROM dia_meta.access_log WHERE tenant_id = 'acme' ORDER BY id")

    assert rows == [("add", "pytest"), ("read_secrets", "pytest"), ("read_secrets", "pytest")]


@pytest.mark.parametrize("tenant_id", ["acme", "a", "acme-tr", "acme_2", "9lives", "x" * 63])
def test_valid_tenant_ids(tenant_id):
    assert validate_tenant_id(tenant_id) == tenant_id


@pytest.mark.parametrize("tenant_id", ["", "Acme", "-acme", "_acme", "acme corp", "acme.tr", "açme", "x" * 64, "a/b"])
def test_invalid_tenant_ids(tenant_id):
    with pytest.raises(InvalidTenantError, match="Invalid tenant id"):
        validate_tenant_id(tenant_id)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"server_code": None}, "exactly one of"),
        ({"base_url": "https://x.example"}, "exactly one of"),
        ({"server_code": "acme.ws.dia.com.tr"}, "Invalid DIA server code"),
        ({"server_code": None, "base_url": "ftp://files.example"}, "Invalid base URL"),
        ({"server_code": None, "base_url": "https://acme.example/?x=1"}, "query string"),
        ({"password": " "}, "Missing password"),
        ({"api_key": ""}, "Missing api_key"),
        ({"companies": [1, 0]}, "Invalid company code 0"),
        ({"sync_interval_minutes": 0}, "Invalid sync interval"),
    ],
)
def test_invalid_tenant_fields(overrides, message):
    with pytest.raises(InvalidTenantError, match=message):
        make_tenant(**overrides)


def test_database_rejects_bad_slug(registry, warehouse_url):
    """The CHECK constraint guards rows written around the registry too."""
    with pytest.raises(psycopg2.errors.CheckViolation):
        fetch(
            warehouse_url,
            "INSERT INTO dia_meta.dia_configurations (tenant_id, base_url, username, sync_interval_minutes, "
            "password_encrypted, api_key_encrypted) VALUES ('Bad Id', 'https://x', 'u', 5, 'p', 'k') RETURNING 1",
        )
