"""Fixtures for the simulator tests: small simulators on loopback and a plain HTTP caller.

The tests talk to the simulator with `requests` only, never through the project's DIA client,
so that they check the wire format itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from dia_simulator import Simulator, SimTenant

SMALL_SIZES = {
    "scf_carikart": 300,
    "scf_stokkart": 60,
    "scf_fatura": 120,
    "scf_satiselemani": 5,
    "sis_ozelkod": 9,
    "muh_hesapkarti": 30,
}
REQUEST_TIMEOUT_SECONDS = 10


@dataclass
class Answer:
    status: int
    text: str
    body: Any

    @property
    def code(self) -> Any:
        return self.body.get("code") if isinstance(self.body, dict) else None


class DiaCaller:
    """Posts DIA calls for one tenant and remembers the session id."""

    def __init__(self, tenant: SimTenant) -> None:
        self.tenant = tenant
        self.http = requests.Session()
        self.session_id = ""

    def post(self, module: str, service: str, params: dict[str, Any]) -> Answer:
        response = self.http.post(
            f"{self.tenant.base_url}/api/v3/{module}/json",
            data=json.dumps({service: params}),
            headers={"Content-Type": "application/json"},
            timeout=REQUEST_TIMEOUT_SECONDS,
        )
        try:
            body = response.json()
        except ValueError:
            body = None
        return Answer(response.status_code, response.text, body)

    def login(self, disconnect_same_user: Any = "True", **overrides: Any) -> Answer:
        params = {
            "username": self.tenant.username,
            "password": self.tenant.password,
            "disconnect_same_user": disconnect_same_user,
            "lang": "tr",
            "params": {"apikey": self.tenant.api_key},
            **overrides,
        }
        answer = self.post("sis", "login", params)
        if answer.code == "200":
            self.session_id = answer.body["msg"]
        return answer

    def call(self, service: str, **params: Any) -> Answer:
        module = service.split("_", 1)[0]
        return self.post(module, service, {"session_id": self.session_id, **params})

    def listele(self, model_service: str, firma_kodu: int = 1, donem_kodu: int | None = None, **params: Any) -> Answer:
        base = {"firma_kodu": firma_kodu, "filters": "", "sorts": "", "params": "", "limit": 0, "offset": 0}
        if donem_kodu is not None:
            base["donem_kodu"] = donem_kodu
        return self.call(model_service, **{**base, **params})

    def close(self) -> None:
        self.http.close()


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    """A read-only simulator shared by a module's tests (they must not change or fault it)."""
    with Simulator(tenants=2, seed=42, sizes=SMALL_SIZES) as simulator:
        yield simulator


@pytest.fixture
def fresh_sim() -> Iterator[Simulator]:
    """A simulator of one's own, for tests that change data, sessions, credit or faults."""
    with Simulator(tenants=1, seed=7, sizes=SMALL_SIZES) as simulator:
        yield simulator


@pytest.fixture
def caller(sim: Simulator) -> Iterator[DiaCaller]:
    dia = DiaCaller(sim.tenant("sim1"))
    assert dia.login().code == "200"
    yield dia
    dia.close()


@pytest.fixture
def fresh_caller(fresh_sim: Simulator) -> Iterator[DiaCaller]:
    dia = DiaCaller(fresh_sim.tenant("sim1"))
    assert dia.login().code == "200"
    yield dia
    dia.close()
