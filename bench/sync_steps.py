"""Time the steps of a full scf_carikart sync, per thread, without a profiler.

Run with ``python -m bench.sync_steps [--rows N] [--repeats R]``. Like ``bench.sync`` it starts an
embedded Postgres and the DIA simulator on 127.0.0.1 (each in a process of its own) and stops
both at the end. The sync itself runs in this process, with its steps wrapped in timers, because
cProfile sees only the thread that calls ``sync_table`` and the sync fetches and stages pages in
threads of their own. The threads overlap, so the step times add up to more than the whole.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from dia_pipelines.catalog import TABLES
from dia_pipelines.sync import CompanyPeriods, flow, sync_table
from dia_resources.dia import DiaClient
from dia_resources.warehouse.loader import TableLoad

from .sync_setup import simulator, warehouse

MODEL = "scf_carikart"
FIRMA_KODU = 1


class StepTimer:
    """Seconds spent per step, summed over every thread."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._lock = threading.Lock()

    def wrap(self, step: str, function: Callable, main_thread_only: bool) -> Callable:
        def timed(*args, **kwargs):
            if main_thread_only and threading.current_thread() is not threading.main_thread():
                return function(*args, **kwargs)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                with self._lock:
                    self.seconds[step] = self.seconds.get(step, 0.0) + elapsed

        return timed


# (step, object, attribute): the functions timed, in the order they are printed.
def _timed_functions() -> list[tuple[str, object, str]]:
    return [
        ("page calls: HTTP, orjson.loads (fetching thread)", DiaClient, "_list"),
        ("key call (fetching thread)", DiaClient, "list_key_array"),
        ("decode_page (main thread)", flow, "decode_page"),
        ("main thread waits for a page", queue.Queue, "get"),
        ("COPY of each page, stage_rows (staging thread)", TableLoad, "stage_rows"),
        ("main thread waits for the staging thread", concurrent.futures.Future, "result"),
        ("stage keys", TableLoad, "stage_keys"),
        ("commit: merge, deletes, counts, history", TableLoad, "commit"),
    ]


def run(rows: int, repeats: int, work_dir: Path) -> None:
    spec = next(table for table in TABLES if table.model == MODEL)
    timer = StepTimer()
    originals = []
    for step, owner, name in _timed_functions():
        original = getattr(owner, name)
        originals.append((owner, name, original))
        # The waits are timed in the main thread only: the HTTP pool's queue also calls get().
        setattr(owner, name, timer.wrap(step, original, main_thread_only=step.startswith("main thread")))

    try:
        with warehouse(work_dir) as warehouse_url, simulator(rows, work_dir) as tenant:
            client = DiaClient(tenant.base_url, username=tenant.username, password=tenant.password,
                               api_key=tenant.api_key, tenant_id="bench_steps")
            with client:
                client.login()
                for repeat in range(repeats):
                    timer.seconds.clear()
                    started = time.perf_counter()
                    # A new tenant id each time, so every run is a tenant's first full load.
                    result = sync_table(client, warehouse_url, f"bench_steps_{repeat}", spec,
                                        [CompanyPeriods(FIRMA_KODU, ())], full_refresh=True)
                    whole = time.perf_counter() - started
                    print(f"run {repeat + 1}: full sync of {result.rows_fetched:,} rows in {whole:.2f} s "
                          f"({result.pages} pages)")
                    for step, _, _ in _timed_functions():
                        print(f"  {step:<52} {timer.seconds.get(step, 0.0):6.2f} s")
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="scf_carikart rows to sync (default 100,000)")
    parser.add_argument("--repeats", type=int, default=2, help="full syncs to time (default 2)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dia-bench-steps-") as work_dir:
        run(arguments.rows, arguments.repeats, Path(work_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
