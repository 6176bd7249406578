"""Shared fixtures: one real Postgres server per test session, a fresh database per test.

The server is the project's embedded PostgreSQL, started in a temporary directory on a free
loopback port, so tests never touch ``.dia/`` or any other server.
"""

from __future__ import annotations

import uuid
from contextlib import closing

import psycopg2
import pytest

from dia_resources.warehouse.embedded import EmbeddedPostgres


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg") / "data")
    server.start()
    yield server
    server.stop()


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
