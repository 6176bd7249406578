"""Sync scf_carikart in a fresh process and print what each sync cost as one JSON object.

The sync benchmark starts this module as a child (``python -m bench.sync_worker``) and writes a
JSON request to its stdin, so that the peak memory reported here belongs to the sync alone:

    {"warehouse_url": ..., "tenant": {"base_url", "username", "password", "api_key"},
     "tenant_id": "bench", "modes": ["full", "incremental"], "profile": null or a file path}

"full" forces a full sync, "incremental" syncs from the stored watermark. Memory figures come
from /proc/self/status: VmRSS (resident now) and VmHWM (peak resident since start), in KiB.
"""

from __future__ import annotations

import cProfile
import json
import sys
import time
from decimal import Decimal

from dia_pipelines.catalog import TABLES
from dia_pipelines.sync import CompanyPeriods, sync_table
from dia_resources.dia import DiaClient

MODEL = "scf_carikart"
FIRMA_KODU = 1
# The simulator's default price; the billed calls are derived from the kontör it charged.
KONTOR_PER_CALL = Decimal("0.0125")


def memory_kib() -> dict[str, int]:
    """Return the current and the peak resident set size of this process, in KiB."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    return {"rss": values["VmRSS"], "peak": values["VmHWM"]}


class MeasuredClient(DiaClient):
    """A DiaClient that times its listing calls and notes the process's memory after each page.

    The timings run without a profiler, so they are the real cost of fetching and parsing.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkpoints: list[dict] = []
        self.fetch_seconds = 0.0
        self.key_call_seconds = 0.0

    def list_pages(self, *args, **kwargs):
        pages = super().list_pages(*args, **kwargs)
        while True:
            started = time.perf_counter()
            page = next(pages, None)
            self.fetch_seconds += time.perf_counter() - started
            if page is None:
                return
            self.checkpoints.append({"step": f"page {page.number}", **memory_kib()})
            yield page

    def list_key_array(self, *args, **kwargs):
        self.checkpoints.append({"step": "before key call", **memory_kib()})
        started = time.perf_counter()
        keys = super().list_key_array(*args, **kwargs)
        self.key_call_seconds += time.perf_counter() - started
        self.checkpoints.append({"step": "after key call", **memory_kib()})
        return keys


def run_sync(client: MeasuredClient, request: dict, mode: str) -> dict:
    """Sync once in ``mode`` and return its result, with the calls the simulator charged for it."""
    spec = next(table for table in TABLES if table.model == MODEL)

    # The kontör balance is the simulator's own count of billed calls. Each balance query is
    # billed too, so the difference of two queries is the sync's calls plus one.
    balance_before = client.kontor_sorgula()
    client.fetch_seconds = client.key_call_seconds = 0.0
    started = time.perf_counter()
    result = sync_table(
        client, request["warehouse_url"], request["tenant_id"], spec, [CompanyPeriods(FIRMA_KODU, ())],
        full_refresh=mode == "full",
    )
    seconds = time.perf_counter() - started
    memory_after = memory_kib()
    balance_after = client.kontor_sorgula()
    billed_calls = (balance_before - balance_after) / KONTOR_PER_CALL - 1

    return {
        "mode": result.mode,
        "rows": result.rows_fetched,
        "inserted": result.inserted,
        "live_rows": result.live_rows,
        "rejected": result.rejected,
        "seconds": seconds,
        "fetch_seconds": client.fetch_seconds,
        "key_call_seconds": client.key_call_seconds,
        "pages": result.pages,
        "page_size": spec.page_size,
        "calls": result.calls,
        "billed_calls": int(billed_calls) if billed_calls == billed_calls.to_integral() else str(billed_calls),
        "dia_key_count": result.dia_key_count,
        "memory_after": memory_after,
    }


def main() -> int:
    request = json.load(sys.stdin)
    tenant = request["tenant"]
    at_start = memory_kib()
    client = MeasuredClient(
        tenant["base_url"], username=tenant["username"], password=tenant["password"],
        api_key=tenant["api_key"], tenant_id=request["tenant_id"], kontor_per_call=KONTOR_PER_CALL,
    )

    runs = []
    with client:
        for mode in request["modes"]:
            if request.get("profile") and mode == "full":
                profiler = cProfile.Profile()
                runs.append(profiler.runcall(run_sync, client, request, mode))
                profiler.dump_stats(request["profile"])
            else:
                runs.append(run_sync(client, request, mode))

    json.dump({"runs": runs, "memory_at_start": at_start, "memory_at_end": memory_kib(),
               "checkpoints": client.checkpoints}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
