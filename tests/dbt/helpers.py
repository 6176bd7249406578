"""Running dbt and reading the warehouse from the dbt tests."""

from __future__ import annotations

import json
import os
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg2

from dia_pipelines.dbt_assets import DBT_PROJECT_DIR, dbt_executable
from dia_resources.warehouse.settings import dbt_env

DBT_TIMEOUT_S = 600


@dataclass(frozen=True)
class DbtBuild:
    returncode: int
    output: str
    results: list[dict]  # run_results.json "results": one entry per model and test


def run_dbt_build(warehouse_url: str, work_dir: Path) -> DbtBuild:
    """Run `dbt build` on the warehouse with the project's profile, artifacts under ``work_dir``."""
    target_path = work_dir / "target"
    command = [
        dbt_executable(), "build",
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_path),
        "--log-path", str(work_dir / "logs"),
    ]
    env = {**os.environ, **dbt_env(warehouse_url)}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=DBT_TIMEOUT_S)

    results_file = target_path / "run_results.json"
    results = json.loads(results_file.read_text())["results"] if results_file.exists() else []
    return DbtBuild(completed.returncode, completed.stdout + completed.stderr, results)


def query(url: str, statement: str, parameters=()) -> list[tuple]:
    """Run one statement in its own committed transaction and return its rows, if any."""
    with closing(psycopg2.connect(url)) as connection:
        with connection, connection.cursor() as cursor:
            cursor.execute(statement, parameters)
            return cursor.fetchall() if cursor.description else []
