"""Fault plans: each kind observable, targeted by call number, reproducible from the seed."""

from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest
import requests

from dia_simulator import Fault, FaultPlan, Simulator
from dia_simulator.faults import BAD_CODE, BAD_DATE, BAD_DECIMAL

from .conftest import DiaCaller


def _page(dia: DiaCaller) -> requests.Response:
    """One listing call through the raw session, so transport faults surface as exceptions."""
    return dia.http.post(
        f"{dia.tenant.base_url}/api/v3/scf/json",
        data=json.dumps({"scf_carikart_listele": {"session_id": dia.session_id, "firma_kodu": 1, "limit": 50}}),
        timeout=10,
    )


def test_third_listing_call_answers_501_once(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("501", calls=(3,)),)))

    codes = [fresh_caller.listele("scf_carikart_listele", limit=5).body["code"] for _ in range(5)]

    assert codes == ["200", "200", "501", "200", "200"]


def test_faults_count_only_watched_calls(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("501", calls=(2,)),)))

    first = fresh_caller.listele("scf_carikart_listele", limit=5).body["code"]
    ping = fresh_caller.call("sis_ping").body["code"]
    second = fresh_caller.listele("scf_carikart_listele", limit=5).body["code"]

    assert (first, ping, second) == ("200", "200", "501")


def test_fault_on_named_service(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("501", calls=(1,), services=("sis_kontor_sorgula",)),)))

    assert fresh_caller.listele("scf_carikart_listele", limit=5).body["code"] == "200"
    assert fresh_caller.call("sis_kontor_sorgula").body["code"] == "501"


def test_session_expires_mid_pull(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("expire", calls=(3,)),)))

    codes = [fresh_caller.listele("scf_carikart_listele", limit=5).body["code"] for _ in range(4)]
    fresh_caller.login()
    renewed = fresh_caller.listele("scf_carikart_listele", limit=5).body["code"]

    assert codes == ["200", "200", "419", "419"]
    assert renewed == "200"


def test_session_kicked_mid_pull(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("kick", calls=(2,)),)))

    first = fresh_caller.listele("scf_carikart_listele", limit=5).body
    second = fresh_caller.listele("scf_carikart_listele", limit=5).body

    assert first["code"] == "200"
    assert second == {"code": "401", "msg": "INVALID_SESSION"}


def test_slow_answer(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("slow", calls=(1,), seconds=0.6),)))

    started = time.perf_counter()
    slow = _page(fresh_caller)
    slow_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _page(fresh_caller)
    fast_seconds = time.perf_counter() - started

    assert slow.json()["code"] == "200"
    assert slow_seconds >= 0.6
    assert fast_seconds < 0.5


def test_trickled_body(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("trickle", calls=(1,), seconds=0.8),)))
    address = urlsplit(fresh_sim.base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    body = json.dumps({"scf_carikart_listele": {"session_id": fresh_caller.session_id, "firma_kodu": 1, "limit": 100}})

    connection.request("POST", "/sim1/api/v3/scf/json", body=body)
    response = connection.getresponse()
    arrivals = []
    started = time.perf_counter()
    chunks = []
    while chunk := response.read1(65536):
        chunks.append(chunk)
        arrivals.append(time.perf_counter() - started)
    connection.close()

    assert json.loads(b"".join(chunks))["code"] == "200"
    assert len(arrivals) >= 5
    assert arrivals[-1] >= 0.5


def test_dropped_connection(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("drop", calls=(1,)),)))

    with pytest.raises(requests.ConnectionError):
        _page(fresh_caller)
    assert _page(fresh_caller).json()["code"] == "200"


def test_html_error_page(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("html", calls=(1,)),)))

    response = _page(fresh_caller)

    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")


def test_truncated_body(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("truncate", calls=(1,)),)))
    address = urlsplit(fresh_sim.base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    body = json.dumps({"scf_carikart_listele": {"session_id": fresh_caller.session_id, "firma_kodu": 1, "limit": 100}})

    connection.request("POST", "/sim1/api/v3/scf/json", body=body)
    response = connection.getresponse()
    declared = int(response.getheader("Content-Length"))
    with pytest.raises(http.client.IncompleteRead) as caught:
        response.read()
    connection.close()

    assert 0 < len(caught.value.partial) < declared


def test_share_faults_reproducible_from_seed(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    def fired_calls(seed: int) -> list[int]:
        fresh_sim.set_faults("sim1", FaultPlan(faults=(Fault("501", share=0.3),), seed=seed))
        return [number for number in range(1, 31)
                if fresh_caller.listele("scf_carikart_listele", limit=1).body["code"] == "501"]

    first, again, other = fired_calls(4), fired_calls(4), fired_calls(5)

    assert first == again
    assert first != other
    assert 3 <= len(first) <= 18


def test_bad_rows_carry_invalid_values(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(bad_row_share=0.05, seed=1))

    rows = fresh_caller.listele("scf_carikart_listele").body["result"]
    bad = [row for row in rows if _bad_kind(row) is not None]

    assert 0.01 * len(rows) <= len(bad) <= 0.12 * len(rows)
    assert rows == fresh_sim.rows("sim1", "scf_carikart", 1)
    assert {_bad_kind(row) for row in bad} == {"decimal", "code", "date"}


def _bad_kind(row: dict) -> str | None:
    if BAD_DECIMAL in row.values():
        return "decimal"
    if BAD_CODE in row.values():
        return "code"
    if any(str(value).startswith(BAD_DATE) for value in row.values()):
        return "date"
    return None


def test_bad_invoice_dates(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_faults("sim1", FaultPlan(bad_row_share=0.2, seed=2))

    rows = fresh_caller.listele("scf_fatura_listele", donem_kodu=3).body["result"]

    assert any(row["tarih"] == BAD_DATE for row in rows)
