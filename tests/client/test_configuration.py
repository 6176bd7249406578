"""Client construction, URLs and which services are replayable. Nothing here connects."""

from __future__ import annotations

import random
import socket

import pytest

from dia_resources.dia import DiaClient, DiaConfigurationError, RetryPolicy, is_replayable, server_base_url
from dia_resources.dia.transport import module_of, service_url

CREDENTIALS = {"username": "ws", "password": "secret-pw", "api_key": "key-123", "tenant_id": "acme"}


@pytest.fixture
def no_connections(monkeypatch):
    """Record and reject every attempt to open a socket connection."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("the test expected no connection attempt")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("urllib3.util.connection.create_connection", refuse)
    return attempts


@pytest.mark.parametrize(
    "url",
    [
        "http://acme.ws.dia.com.tr",
        "http://10.0.0.5:8080",
        "http://192.168.1.10",
        "http://[fe80::1]:8080",
        "http://0.0.0.0:5000",
    ],
)
def test_http_to_remote_host_rejected(url, no_connections):
    with pytest.raises(DiaConfigurationError) as caught:
        DiaClient(url, **CREDENTIALS)

    assert "https" in str(caught.value)
    assert no_connections == []


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "http://127.9.9.9", "http://[::1]:9000/sim1", "http://localhost:1234"],
)
def test_http_to_loopback_accepted(url, no_connections):
    client = DiaClient(url, **CREDENTIALS)

    assert client.base_url == url
    assert no_connections == []


def test_https_to_dia_host_accepted(no_connections):
    client = DiaClient("https://acme.ws.dia.com.tr/", **CREDENTIALS)

    assert client.base_url == "https://acme.ws.dia.com.tr"
    assert client.server == "acme.ws.dia.com.tr"
    assert no_connections == []


@pytest.mark.parametrize(
    "url",
    ["ftp://acme.ws.dia.com.tr", "acme.ws.dia.com.tr", "https://user:pw@acme.ws.dia.com.tr", "https://"],
)
def test_invalid_base_url_rejected(url):
    with pytest.raises(DiaConfigurationError):
        DiaClient(url, **CREDENTIALS)


def test_credentials_in_url_not_echoed():
    with pytest.raises(DiaConfigurationError) as caught:
        DiaClient("https://user:hunter22@acme.ws.dia.com.tr", **CREDENTIALS)

    assert "hunter22" not in str(caught.value)


@pytest.mark.parametrize("missing", ["username", "password", "api_key"])
def test_missing_credential_rejected(missing):
    settings = {**CREDENTIALS, missing: ""}

    with pytest.raises(DiaConfigurationError) as caught:
        DiaClient("https://acme.ws.dia.com.tr", **settings)

    assert missing in str(caught.value)


def test_repr_hides_secrets():
    client = DiaClient("https://acme.ws.dia.com.tr", **CREDENTIALS)

    assert "secret-pw" not in repr(client)
    assert "key-123" not in repr(client)


def test_server_base_url_from_code():
    assert server_base_url("acme") == "https://acme.ws.dia.com.tr"
    assert server_base_url(" ACME-2 ") == "https://acme-2.ws.dia.com.tr"


@pytest.mark.parametrize("code", ["", "acme.evil", "a/b", "-acme", "acme_1"])
def test_server_base_url_rejects_bad_code(code):
    with pytest.raises(DiaConfigurationError):
        server_base_url(code)


def test_service_url_by_module():
    base = "https://acme.ws.dia.com.tr"

    assert service_url(base, "scf_carikart_listele") == f"{base}/api/v3/scf/json"
    assert service_url(base, "sis_kontor_sorgula") == f"{base}/api/v3/sis/json"
    assert service_url(base, "login") == f"{base}/api/v3/sis/json"
    assert service_url(base, "logout") == f"{base}/api/v3/sis/json"
    assert module_of("muh_hesapkarti_listele") == "muh"


def test_service_without_module_rejected():
    with pytest.raises(DiaConfigurationError):
        module_of("listele")


@pytest.mark.parametrize(
    ("service", "replayable"),
    [
        ("scf_carikart_listele", True),
        ("scf_fatura_listele_ayrintili", True),
        ("scf_carikart_getir", True),
        ("sis_kontor_sorgula", True),
        ("sis_yetkili_firma_donem_sube_depo", True),
        ("sis_ping", True),
        ("login", True),
        ("scf_fatura_ekle", False),
        ("scf_carikart_guncelle", False),
        ("scf_carikart_sil", False),
        ("sis_ozelkod_ekle", False),
        ("logout", False),
        ("scf_fatura_onayla", False),
    ],
)
def test_replayable_services(service, replayable):
    assert is_replayable(service) is replayable


def test_backoff_full_jitter_bounds():
    policy = RetryPolicy(max_attempts=6, base_delay=0.5, max_delay=4.0, deadline=60.0)
    rng = random.Random(7)

    for failed in range(1, 7):
        ceiling = min(4.0, 0.5 * 2 ** (failed - 1))
        waits = [policy.backoff(failed, rng) for _ in range(200)]

        assert min(waits) >= 0.0
        assert max(waits) <= ceiling
        # Full jitter spreads waits over the whole range, not near the ceiling only.
        assert min(waits) < ceiling * 0.1
        assert max(waits) > ceiling * 0.9


@pytest.mark.parametrize(
    "settings",
    [
        {"max_attempts": 0},
        {"base_delay": -1.0},
        {"base_delay": 2.0, "max_delay": 1.0},
        {"deadline": 0.0},
    ],
)
def test_retry_policy_rejects_bad_settings(settings):
    with pytest.raises(ValueError):
        RetryPolicy(**settings)
