"""advance(): the clock moves and exactly the reported rows change, in memory and over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

import requests

from dia_simulator import Simulator

from .conftest import DiaCaller


def _snapshot(sim: Simulator, model: str) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for company in sim.tenant("sim1").companies:
        scopes = company.donemler if model in ("scf_fatura", "scf_fatura_kalemi") else [None]
        for donem in scopes:
            rows.update({int(row["_key"]): row for row in sim.rows("sim1", model, company.firma_kodu, donem)})
    return rows


def test_advance_changes_exactly_reported_keys(fresh_sim: Simulator) -> None:
    models = ("scf_carikart", "scf_stokkart", "scf_fatura", "scf_fatura_kalemi")
    before = {model: _snapshot(fresh_sim, model) for model in models}
    clock_before = fresh_sim.clock("sim1")

    changes = fresh_sim.advance("sim1", seconds=7200, update_share=0.05, insert_share=0.03, delete_share=0.02)
    after = {model: _snapshot(fresh_sim, model) for model in models}

    for model in models:
        old, new = before[model], after[model]
        assert set(new) - set(old) == changes.inserted.get(model, set()), model
        assert set(old) - set(new) == changes.deleted.get(model, set()), model
        modified = {key for key in set(old) & set(new) if old[key] != new[key]}
        assert modified == changes.updated.get(model, set()), model
        for key in modified | (set(new) - set(old)):
            assert clock_before < new[key]["_date"] <= changes.clock, (model, key)
    assert changes.inserted["scf_carikart"]
    assert changes.deleted["scf_fatura"]
    assert changes.updated["scf_fatura_kalemi"]


def test_advance_keeps_invoices_consistent(fresh_sim: Simulator) -> None:
    fresh_sim.advance("sim1", seconds=3600, update_share=0.2, insert_share=0.1, delete_share=0.05, models=["scf_fatura"])

    headers = _snapshot(fresh_sim, "scf_fatura")
    totals: dict[int, Decimal] = {}
    for line in _snapshot(fresh_sim, "scf_fatura_kalemi").values():
        header = int(line["_key_scf_fatura"])
        assert header in headers
        totals[header] = totals.get(header, Decimal(0)) + Decimal(line["tutari"])
    assert set(totals) == set(headers)
    assert all(Decimal(headers[key]["toplam"]) == total for key, total in totals.items())


def test_advance_one_company(fresh_sim: Simulator) -> None:
    changes = fresh_sim.advance("sim1", seconds=60, update_share=0.1, models=["scf_carikart"], firma_kodu=2)
    company_two = {int(row["_key"]) for row in fresh_sim.rows("sim1", "scf_carikart", 2)}

    assert changes.updated["scf_carikart"] <= company_two
    assert changes.for_company(2).updated == changes.updated
    assert changes.for_company(1).updated == {}


def test_advance_is_reproducible() -> None:
    results = []
    for _ in range(2):
        with Simulator(tenants=1, seed=11, sizes={"scf_carikart": 200, "scf_fatura": 30}) as simulator:
            results.append(simulator.advance("sim1", seconds=100, update_share=0.1, insert_share=0.1).as_dict())

    assert results[0] == results[1]


def test_deleted_keys_vanish_from_key_listing(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    changes = fresh_sim.advance("sim1", seconds=60, update_share=0, insert_share=0, delete_share=0.1,
                                models=["scf_carikart"], firma_kodu=1)

    answer = fresh_caller.listele("scf_carikart_listele", params={"selectedcolumns": ["_key"]}, limit=0)
    keys = {int(row["_key"]) for row in answer.body["result"]}

    assert changes.deleted["scf_carikart"]
    assert not keys & changes.deleted["scf_carikart"]


def test_incremental_listing_finds_changes(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    watermark = max(row["_date"] for row in fresh_sim.rows("sim1", "scf_carikart", 1))

    changes = fresh_sim.advance("sim1", seconds=600, update_share=0.1, insert_share=0.05, models=["scf_carikart"], firma_kodu=1)
    answer = fresh_caller.listele("scf_carikart_listele", filters=[{"field": "_date", "operator": ">", "value": watermark}])

    expected = changes.updated["scf_carikart"] | changes.inserted["scf_carikart"]
    assert {int(row["_key"]) for row in answer.body["result"]} == expected


def test_admin_advance_endpoint(fresh_sim: Simulator) -> None:
    response = requests.post(f"{fresh_sim.base_url}/_admin/advance",
                             json={"server_code": "sim1", "seconds": 60, "update_share": 0.1, "models": ["scf_stokkart"]},
                             timeout=30)

    result = response.json()["result"]
    assert response.status_code == 200
    assert len(result["updated"]["scf_stokkart"]) == round(0.1 * len(fresh_sim.rows("sim1", "scf_stokkart", 1))) + round(
        0.1 * len(fresh_sim.rows("sim1", "scf_stokkart", 2)))


def test_admin_tenants_endpoint(fresh_sim: Simulator) -> None:
    tenants = requests.get(f"{fresh_sim.base_url}/_admin/tenants", timeout=10).json()["tenants"]

    assert tenants[0]["api_key"] == fresh_sim.tenant("sim1").api_key


def test_cli_advance_against_running_simulator(fresh_sim: Simulator) -> None:
    before = fresh_sim.clock("sim1")

    completed = subprocess.run(
        [sys.executable, "-m", "dia_simulator", "advance", "--url", fresh_sim.base_url, "--tenant", "sim1",
         "--seconds", "3600", "--models", "scf_carikart", "--update-share", "0.1"],
        capture_output=True, text=True, timeout=60, check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert "updated  scf_carikart" in completed.stdout
    assert fresh_sim.clock("sim1") > before


def test_cli_advance_rejects_remote_url() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dia_simulator", "advance", "--url", "http://dia-simulator.invalid:8765", "--tenant", "sim1"],
        capture_output=True, text=True, timeout=60, check=False,
    )

    assert completed.returncode == 2
    assert "loopback" in completed.stderr


def test_cli_serve_prints_credentials() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "dia_simulator", "--port", "0", "--tenants", "1", "--seed", "3", "--json",
         "--sizes", "scf_carikart=50,scf_fatura=5"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        lines = []
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("}"):
                break
        description = json.loads("".join(lines))
    finally:
        process.terminate()
        process.wait(timeout=30)

    tenant = description["tenants"][0]
    assert tenant["base_url"].startswith("http://127.0.0.1:")
    assert tenant["username"]
    assert tenant["password"]
    assert tenant["api_key"]


def test_repeated_page_reflects_advance(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    def page() -> list[dict[str, Any]]:
        return fresh_caller.listele("scf_stokkart_listele", sorts=[{"field": "_key", "sorttype": "ASC"}]).body["result"]

    first, again = page(), page()
    changes = fresh_sim.advance("sim1", seconds=60, update_share=0.2, models=["scf_stokkart"], firma_kodu=1)
    after = page()

    assert again == first
    changed = {int(row["_key"]) for row in after} & changes.updated["scf_stokkart"]
    assert changed
    old = {int(row["_key"]): row for row in first}
    assert all(old[int(row["_key"])] != row for row in after if int(row["_key"]) in changed)
