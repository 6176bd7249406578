"""Fixtures for the DIA client tests: a scripted loopback stub and fast client settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from dia_resources.dia import DiaClient

from .stub_server import StubServer

# Credentials of the stub. The API key and password are long enough to be searched for in
# logs, and distinctive enough that a hit can only be a leak.
STUB_USERNAME = "ws_stub"
STUB_PASSWORD = "stub-Password-7f3a9"
STUB_API_KEY = "stub-apikey-0c61d2e8"

# Retry settings that keep fault tests fast: 10 ms base delay, 3 attempts, 2 s per call.
FAST_RETRY = {"backoff_base": 0.01, "backoff_max": 0.05, "max_attempts": 3, "deadline": 2.0}


@pytest.fixture
def stub() -> Iterator[StubServer]:
    server = StubServer().start()
    yield server
    server.stop()


@pytest.fixture
def stub_client(stub: StubServer) -> Iterator[Callable[..., DiaClient]]:
    """Build clients against the stub, with fast retries unless the test overrides them."""
    clients: list[DiaClient] = []

    def build(**overrides: object) -> DiaClient:
        settings = {
            "username": STUB_USERNAME,
            "password": STUB_PASSWORD,
            "api_key": STUB_API_KEY,
            "tenant_id": "stub-tenant",
            "timeout": 5.0,
            **FAST_RETRY,
            **overrides,
        }
        client = DiaClient(stub.base_url, **settings)
        clients.append(client)
        return client

    yield build

    for client in clients:
        client.close()


# Rows per company (per period for invoices): a few pages at the page sizes the tests use.
SIM_SIZES = {
    "scf_carikart": 240,
    "scf_stokkart": 60,
    "scf_fatura": 80,
    "sis_ozelkod": 8,
    "sis_doviz": 4,
    "sis_sube": 2,
    "sis_depo": 3,
    "scf_satiselemani": 4,
}


def start_simulator(**options: object):
    from dia_simulator import Simulator

    simulator = Simulator(**{"tenants": 1, "seed": 31, "sizes": SIM_SIZES, **options})
    simulator.start(host="127.0.0.1", port=0)
    return simulator


@pytest.fixture(scope="module")
def shared_sim():
    """A simulator for tests that only read: they must not advance or fault it."""
    simulator = start_simulator()
    yield simulator
    simulator.stop()


@pytest.fixture
def sim():
    """A simulator of its own for a test that changes data, credit or faults."""
    simulator = start_simulator()
    yield simulator
    simulator.stop()


def client_for(simulator, server_code: str = "sim1", **overrides: object) -> DiaClient:
    tenant = simulator.tenant(server_code)
    settings = {
        "username": tenant.username,
        "password": tenant.password,
        "api_key": tenant.api_key,
        "tenant_id": f"tenant-{server_code}",
        "timeout": 10.0,
        **FAST_RETRY,
        "deadline": 10.0,
        **overrides,
    }
    return DiaClient(tenant.base_url, **settings)
