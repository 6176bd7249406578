"""Run dlt's REST API source against the simulator, from a virtualenv of its own under .bench/.

dlt is not a project dependency. The first run creates ``.bench/dlt-venv`` and installs the
pinned ``DLT_REQUIREMENT`` into it with pip, and later runs reuse it. When that install fails,
the caller gets the reason and skips the comparison.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg2

from .sync_setup import PROJECT_ROOT, SimulatedTenant

DLT_REQUIREMENT = "dlt[postgres]==1.31.0"
DLT_VENV = PROJECT_ROOT / ".bench" / "dlt-venv"
DLT_SCRIPT = Path(__file__).with_name("dlt_rest_load.py")
DLT_DATASET = "bench_dlt"

INSTALL_TIMEOUT_S = 900.0
LOAD_TIMEOUT_S = 1800.0


@dataclass(frozen=True)
class DltLoad:
    version: str
    rows_listed: int
    rows_in_postgres: int
    calls: int
    seconds: float
    file_formats: str


class DltUnavailable(RuntimeError):
    """dlt could not be installed into its virtualenv. The message gives the reason."""


def _venv_python() -> Path:
    return DLT_VENV / "bin" / "python"


def _installed_version() -> str | None:
    if not _venv_python().exists():
        return None
    probe = subprocess.run(
        [str(_venv_python()), "-c", "import dlt; print(dlt.__version__)"],
        capture_output=True, text=True, timeout=120,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def ensure_dlt() -> str:
    """Install the pinned dlt into its virtualenv unless it is already there, and return its version."""
    expected = DLT_REQUIREMENT.split("==", 1)[1]
    if _installed_version() == expected:
        return expected

    print(f"installing {DLT_REQUIREMENT} into {DLT_VENV.relative_to(PROJECT_ROOT)} (first run only)", flush=True)
    log_path = DLT_VENV.parent / "dlt-pip.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        steps = (
            [sys.executable, "-m", "venv", str(DLT_VENV)],
            [str(_venv_python()), "-m", "pip", "install", DLT_REQUIREMENT],
        )
        for command in steps:
            try:
                status = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, timeout=INSTALL_TIMEOUT_S)
            except subprocess.TimeoutExpired as error:
                raise DltUnavailable(f"{' '.join(command[-2:])} timed out after {INSTALL_TIMEOUT_S:.0f} s") from error
            if status.returncode != 0:
                raise DltUnavailable(f"`{' '.join(command[1:])}` failed with exit code {status.returncode}; see {log_path}")

    installed = _installed_version()
    if installed != expected:
        raise DltUnavailable(f"after pip install, dlt reports version {installed!r}, expected {expected}; see {log_path}")
    return installed


def load_with_dlt(warehouse_url: str, tenant: SimulatedTenant, firma_kodu: int, columns: list[str],
                  page_size: int, rows: int, work_dir: Path) -> DltLoad:
    """Load the company's ``rows`` scf_carikart rows with dlt and count what arrived in Postgres."""
    request = {
        **tenant.as_dict(), "warehouse_url": warehouse_url, "firma_kodu": firma_kodu, "columns": columns,
        "page_size": page_size, "dataset": DLT_DATASET, "pipelines_dir": str(work_dir / "dlt-pipelines"),
        # Room for the empty last page and one row inserted meanwhile; more pages means a paging bug.
        "max_pages": rows // page_size + 2,
    }
    # The working directory is the temporary one, so no .dlt/ configuration of the project is read.
    finished = subprocess.run(
        [str(_venv_python()), str(DLT_SCRIPT)], input=json.dumps(request), capture_output=True, text=True,
        cwd=work_dir, timeout=LOAD_TIMEOUT_S,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"the dlt load failed with exit code {finished.returncode}:\n{finished.stderr[-3000:]}")
    result = json.loads(finished.stdout)

    with psycopg2.connect(warehouse_url) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DLT_DATASET}.scf_carikart")
        rows_in_postgres = cursor.fetchone()[0]
    connection.close()

    return DltLoad(
        version=result["dlt_version"], rows_listed=result["rows"], rows_in_postgres=rows_in_postgres,
        calls=result["calls"], seconds=result["seconds"], file_formats=result["file_formats"],
    )
