"""Benchmark the DIA sync of scf_carikart (one tenant, one company) and print ratios to its targets.

Run with ``python -m bench.sync [--quick] [--rows N] [--large-rows M] [--profile]``. An embedded
Postgres starts in a temporary directory and the DIA simulator in a child process, both on
127.0.0.1, and both stop at the end. Each sync runs in a fresh child process
(bench.sync_worker). The benchmark prints, and never fails on a target:

- bulk: rows/s of a full sync of N rows against a bare COPY of the same typed rows into an empty
  table like the raw one (best of three), target sync/COPY >= 0.5;
- generic loader: rows/s of dlt's REST API source loading the same listing into the same Postgres
  (see bench.sync_dlt), target sync/dlt >= 5;
- memory: peak resident set (VmHWM) of the sync process for M rows against N rows, target <= 1.2;
- calls: a full sync costs ceil(rows / page size) listing calls plus one key call, an incremental
  sync of an unchanged table one call.

It exits with 1 only when a step breaks, for example a sync that raises.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from psycopg2 import sql

from dia_pipelines.catalog import TABLES

from . import sync_dlt
from .sync_setup import PROJECT_ROOT, SimulatedTenant, child_environment, simulator, warehouse

MODEL = "scf_carikart"
FIRMA_KODU = 1
WORKER_TIMEOUT_S = 1800.0
COPY_REPEATS = 3

BULK_TARGET = 0.5
DLT_TARGET = 5.0
MEMORY_TARGET = 1.2


def run_worker(warehouse_url: str, tenant: SimulatedTenant, tenant_id: str, modes: list[str],
               profile: Path | None = None) -> dict:
    """Run bench.sync_worker in a child process and return its JSON report."""
    request = {
        "warehouse_url": warehouse_url, "tenant": tenant.as_dict(), "tenant_id": tenant_id, "modes": modes,
        "profile": str(profile) if profile else None,
    }
    finished = subprocess.run(
        [sys.executable, "-m", "bench.sync_worker"], input=json.dumps(request), capture_output=True, text=True,
        cwd=PROJECT_ROOT, env=child_environment(), timeout=WORKER_TIMEOUT_S,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"the sync worker failed with exit code {finished.returncode}:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout)


def time_bare_copy(warehouse_url: str, tenant_id: str) -> tuple[int, float]:
    """COPY the tenant's synced rows into an empty table like the raw one and return (rows, best seconds).

    The rows are exported as CSV first, so only ``COPY ... FROM STDIN`` and its commit are timed.
    """
    source = sql.Identifier("dia_raw", MODEL)
    target = sql.Identifier("bench_copy", MODEL)
    connection = psycopg2.connect(warehouse_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE SCHEMA IF NOT EXISTS bench_copy")
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
            # INCLUDING ALL brings the primary key, so the COPY maintains the same index as the sync.
            cursor.execute(sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(target, source))
            rows = io.BytesIO()
            export = sql.SQL("COPY (SELECT * FROM {} WHERE tenant_id = {}) TO STDOUT WITH (FORMAT csv)").format(
                source, sql.Literal(tenant_id)
            )
            cursor.copy_expert(export.as_string(cursor), rows)
        connection.commit()

        timings = []
        copy = sql.SQL("COPY {} FROM STDIN WITH (FORMAT csv)").format(target).as_string(connection)
        for _ in range(COPY_REPEATS):
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("TRUNCATE {}").format(target))
            connection.commit()
            rows.seek(0)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.copy_expert(copy, rows)
                copied = cursor.rowcount
            connection.commit()
            timings.append(time.perf_counter() - started)
    finally:
        connection.close()
    return copied, min(timings)


def _verdict(value: float, target: float, at_least: bool) -> str:
    met = value >= target if at_least else value <= target
    return f"target {'>=' if at_least else '<='} {target:g}: {'met' if met else 'MISSED'}"


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def _rate(rows: int, seconds: float) -> str:
    return f"{rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s"


def print_calls(label: str, run: dict, expected: int, detail: str) -> None:
    print(f"calls     {label}: expected {expected} ({detail}), client counted {run['calls']}, "
          f"simulator billed {run['billed_calls']}")
    if run["mode"] == "full" and run["rows"] % run["page_size"] == 0 and run["calls"] == expected + 1:
        # The client ends a listing at the first page shorter than the page size, so a row
        # count that is a multiple of the page size costs one more, empty, page.
        print(f"          the extra call is the empty page after {run['rows'] // run['page_size']} full pages")


def print_split(run: dict) -> None:
    """Print how long a sync spent on the DIA calls and on the work on the rows.

    The sync fetches pages in a background thread while it decodes and stages the page before,
    so the fetch time overlaps the rest and the parts add up to more than the whole.
    """
    rest = run["seconds"] - run["key_call_seconds"]
    print(f"          of the {run['seconds']:.2f} s: fetching and parsing {run['pages']} pages "
          f"{run['fetch_seconds']:.2f} s in the background thread, key call {run['key_call_seconds']:.2f} s, "
          f"everything but the key call {rest:.2f} s ({rest / run['pages'] * 1000:.0f} ms/page)")


def full_sync_calls(rows: int, page_size: int) -> int:
    return math.ceil(rows / page_size) + 1


def print_memory(small: dict, large: dict) -> None:
    small_peak = small["runs"][0]["memory_after"]["peak"]
    large_peak = large["runs"][0]["memory_after"]["peak"]
    ratio = large_peak / small_peak
    print(f"memory    peak RSS of the sync process: {small['runs'][0]['rows']:,} rows {_mib(small_peak)}, "
          f"{large['runs'][0]['rows']:,} rows {_mib(large_peak)}; ratio {ratio:.2f} "
          f"({_verdict(ratio, MEMORY_TARGET, at_least=False)})")
    for report in (small, large):
        steps = [point["step"] for point in report["checkpoints"]]
        before_keys = report["checkpoints"][steps.index("before key call")]
        after_keys = report["checkpoints"][steps.index("after key call")]
        pages = steps.index("before key call")
        print(f"          {report['runs'][0]['rows']:>9,} rows: after imports {_mib(report['memory_at_start']['rss'])}, "
              f"peak over {pages} pages {_mib(before_keys['peak'])}, "
              f"after the key call {_mib(after_keys['peak'])} (RSS {_mib(after_keys['rss'])})")


# Steps of a full sync, looked up in the profile by file name and function name ("~" is the
# file name that cProfile gives built-in functions). cProfile sees only the thread that runs
# sync_table, so the page and key calls (fetching thread) and the page COPY (staging thread)
# show up as "not in the profile".
PROFILE_STEPS = (
    ("fetch pages (HTTP, JSON parse, key checks)", "client.py", "list_pages"),
    ("  JSON parse of every call (orjson.loads)", "~", "<orjson.loads>"),
    ("decode and validate pages", "decode.py", "decode_page"),
    ("  rows to a text frame (_raw_frame)", "decode.py", "_raw_frame"),
    ("  Pandera checks (_schema_rejects)", "decode.py", "_schema_rejects"),
    ("stage pages (CSV, COPY into Postgres)", "loader.py", "stage_rows"),
    ("key call (list_key_array)", "client.py", "list_key_array"),
    ("stage keys (stage_keys)", "loader.py", "stage_keys"),
    ("merge into dia_raw, deletes, commit", "loader.py", "commit"),
    ("whole sync_table", "flow.py", "sync_table"),
)


def print_profile(path: Path, pages: int, limit: int = 20) -> None:
    """Print where a profiled full sync spent its time, per step and per page, then the top functions."""
    stats = pstats.Stats(str(path))
    cumulative = {}
    for (file_name, _, function), (_, _, _, seconds, _) in stats.stats.items():
        key = (Path(file_name).name, function)
        cumulative[key] = cumulative.get(key, 0.0) + seconds

    print(f"\nwhere a full sync spends its time (cProfile, which slows Python code; {pages} pages):")
    for label, file_name, function in PROFILE_STEPS:
        seconds = cumulative.get((file_name, function))
        if seconds is None:
            print(f"  {label:<46} not in the profile")
        else:
            print(f"  {label:<46} {seconds:6.2f} s {seconds / pages * 1000:7.1f} ms/page")

    print(f"\ntop {limit} functions by cumulative time:")
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)


def run(rows: int, large_rows: int, profile: bool, work_dir: Path) -> None:
    spec = next(table for table in TABLES if table.model == MODEL)
    print(f"sync benchmark: {MODEL}, one tenant, firma_kodu {FIRMA_KODU}, page size {spec.page_size}; "
          f"{rows:,} and {large_rows:,} rows; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f} at start", flush=True)

    with warehouse(work_dir) as warehouse_url:
        with simulator(rows, work_dir) as tenant:
            small = run_worker(warehouse_url, tenant, "bench", ["full", "incremental"])
            full, incremental = small["runs"]
            copied, copy_seconds = time_bare_copy(warehouse_url, "bench")
            sync_speed = full["rows"] / full["seconds"]
            copy_speed = copied / copy_seconds
            print(f"bulk      sync {_rate(full['rows'], full['seconds'])}; bare COPY {_rate(copied, copy_seconds)}; "
                  f"sync/COPY {sync_speed / copy_speed:.2f} ({_verdict(sync_speed / copy_speed, BULK_TARGET, True)})",
                  flush=True)
            print_split(full)

            print_calls(f"full sync of {full['rows']:,} rows", full, full_sync_calls(full["rows"], spec.page_size),
                        f"{math.ceil(full['rows'] / spec.page_size)} pages + 1 key call")
            print_calls("incremental sync, table unchanged", incremental, 1, f"{incremental['rows']:,} row(s) "
                        "inside the look-back window")

            _compare_with_dlt(warehouse_url, tenant, spec, rows, sync_speed, work_dir)

            profile_path = work_dir / "sync.prof" if profile else None
            if profile_path:
                profiled = run_worker(warehouse_url, tenant, "bench_profile", ["full"], profile_path)

        with simulator(large_rows, work_dir) as tenant:
            large = run_worker(warehouse_url, tenant, "bench_large", ["full"])
        large_full = large["runs"][0]
        print(f"large     sync {_rate(large_full['rows'], large_full['seconds'])}")
        print_split(large_full)
        print_calls(f"full sync of {large_full['rows']:,} rows", large_full,
                    full_sync_calls(large_full["rows"], spec.page_size),
                    f"{math.ceil(large_full['rows'] / spec.page_size)} pages + 1 key call")
        print_memory(small, large)

    if profile_path:
        print_profile(profile_path, profiled["runs"][0]["pages"])
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def _compare_with_dlt(warehouse_url: str, tenant: SimulatedTenant, spec, rows: int, sync_speed: float,
                      work_dir: Path) -> None:
    try:
        sync_dlt.ensure_dlt()
    except sync_dlt.DltUnavailable as error:
        print(f"generic   SKIPPED: dlt could not be installed: {error}", flush=True)
        return

    load = sync_dlt.load_with_dlt(
        warehouse_url, tenant, FIRMA_KODU, list(spec.column_names), spec.page_size, rows, work_dir
    )
    dlt_speed = load.rows_in_postgres / load.seconds
    print(f"generic   dlt {load.version} REST API source (replace, {load.file_formats}): "
          f"{_rate(load.rows_in_postgres, load.seconds)} in {load.calls} calls; "
          f"sync/dlt {sync_speed / dlt_speed:.1f}x ({_verdict(sync_speed / dlt_speed, DLT_TARGET, True)})", flush=True)
    if load.rows_listed != load.rows_in_postgres:
        print(f"          note: dlt listed {load.rows_listed:,} rows but {load.rows_in_postgres:,} reached Postgres")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="use 10,000 and 100,000 rows instead of the defaults")
    parser.add_argument("--rows", type=int, help="rows for the bulk, dlt and calls runs (default 100,000)")
    parser.add_argument("--large-rows", type=int, help="rows for the memory comparison (default 1,000,000)")
    parser.add_argument("--profile", action="store_true", help="also profile one more full sync and print its time per step and top functions")
    arguments = parser.parse_args(argv)
    rows = arguments.rows or (10_000 if arguments.quick else 100_000)
    large_rows = arguments.large_rows or (100_000 if arguments.quick else 1_000_000)

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dia-bench-sync-") as work_dir:
        try:
            run(rows, large_rows, arguments.profile, Path(work_dir))
        except (RuntimeError, subprocess.TimeoutExpired, psycopg2.Error) as error:
            print(f"sync benchmark failed: {error}", file=sys.stderr)
            return 1
    print(f"sync benchmark took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
