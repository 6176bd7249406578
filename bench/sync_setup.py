"""Servers for the sync benchmark: an embedded Postgres and a DIA simulator process, both on loopback.

The simulator runs in its own process (``python -m dia_simulator``) so that serving pages does
not compete with the sync for the GIL, as a real DIA server would not.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from dia_resources.warehouse.embedded import EmbeddedPostgres

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SIMULATOR_SEED = 42

# Generating 1M rows per company (the simulator makes two companies) took about 12 s.
SIMULATOR_START_TIMEOUT_S = 300.0
SIMULATOR_STOP_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class SimulatedTenant:
    """The connection facts of the simulator's only tenant."""

    base_url: str
    username: str
    password: str
    api_key: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def child_environment() -> dict[str, str]:
    """Return the environment for child Pythons, with the project importable from any directory."""
    environment = dict(os.environ)
    paths = [str(PROJECT_ROOT), *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    return environment


@contextmanager
def warehouse(work_dir: Path) -> Iterator[str]:
    """Start an embedded Postgres in ``work_dir`` on a free loopback port; yield its URL, stop it after."""
    server = EmbeddedPostgres(work_dir / "pg")
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


@contextmanager
def simulator(carikart_rows: int, work_dir: Path) -> Iterator[SimulatedTenant]:
    """Serve one simulated tenant with ``carikart_rows`` scf_carikart rows per company."""
    command = [
        sys.executable, "-m", "dia_simulator", "--host", "127.0.0.1", "--port", "0", "--tenants", "1",
        "--seed", str(SIMULATOR_SEED), "--sizes", f"scf_carikart={carikart_rows}", "--json",
    ]
    log_path = work_dir / f"simulator-{carikart_rows}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=child_environment(), stdout=subprocess.PIPE, stderr=log
        )
    try:
        description = _read_description(process, log_path)
        tenant = description["tenants"][0]
        yield SimulatedTenant(tenant["base_url"], tenant["username"], tenant["password"], tenant["api_key"])
    finally:
        _stop(process)


def _read_description(process: subprocess.Popen, log_path: Path) -> dict:
    """Read the tenants JSON that the simulator prints once it serves, within the start timeout."""
    deadline = time.monotonic() + SIMULATOR_START_TIMEOUT_S
    received = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"the simulator exited with code {process.wait()}; see {log_path}")
            received += chunk
            try:
                return json.loads(received)
            except ValueError:
                continue  # the JSON document is not complete yet
    raise RuntimeError(f"the simulator did not start within {SIMULATOR_START_TIMEOUT_S:.0f} s; see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    # SIGINT is the simulator CLI's documented way to stop (it handles KeyboardInterrupt).
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=SIMULATOR_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()
