"""Shared fixtures: one real Postgres server per test session, a fresh database per test.

The server is the project's embedded PostgreSQL, started in a temporary directory on a free
loopback port, so tests never touch ``.dia/`` or any other server.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

from dia_resources.warehouse.embedded import EmbeddedPostgres


@pytest.fixture(scope="session")
def postgres_server():
    # Not under pytest's tmp_path: every pytest process that starts resets that directory to
    # mode 0700, which would lock out the unprivileged user the server runs as under root.
    data_parent = Path(tempfile.mkdtemp(prefix="dia-test-pg-"))
    server = EmbeddedPostgres(data_parent / "data")
    server.start()
    yield server
    server.stop()
    shutil.rmtree(data_parent, ignore_errors=True)


@pytest.fixture
def warehouse_url(postgres_server) -> str:
    """A new, empty database on the session's server; dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(postgres_server.url)
    admin.autocommit = True
    with closing(admin), admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url_for(name)
    admin = psycopg2.connect(postgres_server.url)
    admin.autocommit = True
    with closing(admin), admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
