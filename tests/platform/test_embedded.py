"""The embedded Postgres lifecycle: init, restart on the same port, stale pid files, races."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

from dia_resources.warehouse.embedded import EmbeddedPostgres

from .helpers import REPO_ROOT


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    """A server of its own, because these tests stop and restart it."""
    pg = EmbeddedPostgres(tmp_path_factory.mktemp("lifecycle") / "pg")
    pg.start()
    yield pg
    pg.stop()


def _query(url: str, sql: str) -> list[tuple]:
    with closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _state(server: EmbeddedPostgres) -> dict:
    return json.loads(server.data_dir.with_name("pg.json").read_text())


def test_start_creates_both_databases(server):
    databases = {row[0] for row in _query(server.url, "SELECT datname FROM pg_database")}

    assert "dia" in databases
    assert "dagster" in databases
    assert _query(server.url, "SELECT current_user")[0][0] == "dia"


def test_server_listens_on_loopback_only(server):
    assert urlsplit(server.url).hostname == "127.0.0.1"
    assert _query(server.url, "SHOW listen_addresses")[0][0] == "127.0.0.1"
    assert _query(server.url, "SHOW unix_socket_directories")[0][0] == ""


def test_url_needs_the_password(server):
    parts = urlsplit(server.url)
    without_password = f"postgresql://dia@127.0.0.1:{parts.port}/dia"

    with pytest.raises(psycopg2.OperationalError, match="password"):
        psycopg2.connect(without_password, connect_timeout=5).close()


def test_state_file_is_private(server):
    state_file = server.data_dir.with_name("pg.json")

    assert state_file.stat().st_mode & 0o777 == 0o600


def test_start_when_running_is_fast(server):
    started = time.perf_counter()
    url = server.start()
    elapsed = time.perf_counter() - started

    assert url == server.url
    assert elapsed < 0.5


def test_restart_keeps_the_port(server):
    port = urlsplit(server.url).port

    assert server.stop() is True
    assert server.status().running is False
    assert server.stop() is False

    server.start()
    assert urlsplit(server.url).port == port
    assert _query(server.url, "SELECT 1") == [(1,)]


def test_stale_pid_file_is_removed(server):
    server.stop()
    # A pid that certainly belongs to no process any more: a child that has already exited.
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(finished.stdout)
    pid_file = server.data_dir / "postmaster.pid"
    pid_file.write_text(f"{dead_pid}\n{server.data_dir}\n0\n{_state(server)['port']}\n\n127.0.0.1\n0 0\nready\n")

    assert server.status().running is False

    server.start()
    status = server.status()
    assert status.running is True
    assert status.pid != dead_pid
    assert _query(server.url, "SELECT 1") == [(1,)]


def test_start_after_postmaster_killed(server):
    import psutil

    server.start()
    killed = psutil.Process(server.status().pid)
    killed.kill()
    # Wait for the crash to complete: the process ends, or stays a zombie no one reaps.
    deadline = time.monotonic() + 10
    while killed.is_running() and killed.status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
        time.sleep(0.05)

    server.start()

    assert server.status().pid != killed.pid
    assert _query(server.url, "SELECT 1") == [(1,)]


def test_taken_port_moves_the_server(server):
    server.stop()
    old_port = _state(server)["port"]

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        # The server's last connections may still sit in TIME_WAIT on this port.
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", old_port))
        squatter.listen(1)
        server.start()

    new_port = _state(server)["port"]
    assert new_port != old_port
    assert urlsplit(server.url).port == new_port
    assert _query(server.url, "SELECT 1") == [(1,)]


def test_status_of_missing_cluster(tmp_path):
    status = EmbeddedPostgres(tmp_path / "pg").status()

    assert status.initialised is False
    assert status.running is False
    assert status.phase == "stopped"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the cluster to a system user")
def test_root_runs_server_as_system_user(server):
    import pwd

    import psutil

    server.start()
    owner = pwd.getpwuid(server.data_dir.stat().st_uid).pw_name
    postmaster_user = psutil.Process(server.status().pid).username()

    assert owner == "embedded_postgres"
    assert postmaster_user == "embedded_postgres"


def test_concurrent_first_start(tmp_path):
    """Two processes starting the same new cluster: one initdb, one server, one URL."""
    data_dir = tmp_path / "pg"
    script = (
        "import sys; from pathlib import Path; "
        "from dia_resources.warehouse.embedded import EmbeddedPostgres; "
        "print(EmbeddedPostgres(Path(sys.argv[1])).start())"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    starters = [
        subprocess.Popen([sys.executable, "-c", script, str(data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    results = [starter.communicate(timeout=120) for starter in starters]
    server = EmbeddedPostgres(data_dir)
    try:
        for starter, (stdout, stderr) in zip(starters, results):
            assert starter.returncode == 0, stderr
        urls = {stdout.strip() for stdout, _ in results}
        assert urls == {server.url}
        assert _query(server.url, "SELECT 1") == [(1,)]
    finally:
        server.stop()
