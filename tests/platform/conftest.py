"""Fixtures for the platform tests: a project directory with its own embedded Postgres.

The registry tests use the shared ``warehouse_url`` fixture (a fresh database per test). The
settings, CLI and Dagster instance tests need a whole project: ``DIA_HOME`` pointing at a
temporary directory whose ``.dia/pg`` server starts once per session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from dia_resources.warehouse.embedded import EmbeddedPostgres

from .helpers import PROJECT_VARIABLES



@pytest.fixture(scope="session")
def project_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project root whose embedded server (``.dia/pg``) runs for the whole session."""
    home = tmp_path_factory.mktemp("project")
    server = EmbeddedPostgres(home / ".dia" / "pg")
    server.start()
    yield home
    server.stop()


@pytest.fixture
def project_env(project_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the settings at ``project_home`` with no other project variable set."""
    for name in PROJECT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DIA_HOME", str(project_home))
    return project_home


@pytest.fixture
def fernet_key() -> str:
    return Fernet.generate_key().decode()
