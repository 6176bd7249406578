"""Helpers for running the ``dia-pipelines`` CLI as a subprocess, the way a user runs it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Everything the settings module reads; each test starts with none of them set.
PROJECT_VARIABLES = (
    "DIA_HOME",
    "DIA_WAREHOUSE_URL",
    "DIA_DAGSTER_DB",
    "DIA_SECRET_KEY",
    "DIA_PASSWORD",
    "DIA_API_KEY",
    "DIA_LANG",
    "LANG",
    "DAGSTER_HOME",
)


def cli_env(project_home: Path, **extra: str) -> dict[str, str]:
    """Return the environment for running the CLI as a subprocess in ``project_home``."""
    env = {name: value for name, value in os.environ.items() if name not in PROJECT_VARIABLES}
    env["DIA_HOME"] = str(project_home)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


def cli_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "dia_resources.cli", *arguments]
