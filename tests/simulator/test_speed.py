"""Serving speed, printed for the record and not asserted (timings depend on the machine)."""

from __future__ import annotations

import json
import time

import orjson

from dia_simulator import Simulator
from dia_pipelines.catalog.tables import SCF_CARIKART

from .conftest import DiaCaller

ROWS = 100_000
PAGE_SIZE = 5000


def _pull(dia: DiaCaller, columns: list[str]) -> int:
    """Key-paged pull of company 1's cari cards; returns the number of rows."""
    last, total = 0, 0
    for _ in range(ROWS // PAGE_SIZE + 2):
        params = {"session_id": dia.session_id, "firma_kodu": 1, "limit": PAGE_SIZE, "offset": 0,
                  "filters": [{"field": "_key", "operator": ">", "value": str(last)}],
                  "sorts": [{"field": "_key", "sorttype": "ASC"}], "params": {"selectedcolumns": columns}}
        response = dia.http.post(f"{dia.tenant.base_url}/api/v3/scf/json",
                                 data=json.dumps({"scf_carikart_listele": params}), timeout=60)
        rows = orjson.loads(response.content)["result"]
        total += len(rows)
        if len(rows) < PAGE_SIZE:
            break
        last = int(rows[-1]["_key"])
    return total


def test_key_paged_pull_rate_printed() -> None:
    started = time.perf_counter()
    with Simulator(tenants=1, seed=3, sizes={"scf_carikart": ROWS, "scf_fatura": 10}) as simulator:
        generated = time.perf_counter() - started
        dia = DiaCaller(simulator.tenant("sim1"))
        dia.login()
        columns = list(SCF_CARIKART.column_names)

        rates = []
        for _ in range(2):  # the second pull is served from the page cache
            started = time.perf_counter()
            rows = _pull(dia, columns)
            rates.append(rows / (time.perf_counter() - started))
        dia.close()

    print(f"\ngenerated 2 x {ROWS} scf_carikart rows in {generated:.2f} s; key-paged pull of {rows} rows "
          f"({len(columns)} columns, pages of {PAGE_SIZE}, client in the same process): "
          f"{rates[0]:,.0f} rows/s, repeated pull {rates[1]:,.0f} rows/s")
    assert rows == ROWS
