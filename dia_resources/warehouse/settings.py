"""Project settings: the one module that reads the environment.

Variables read here:

- ``DIA_HOME``: the project root holding ``.dia/`` (the embedded Postgres, the demo secret key,
  Dagster's local files); the current directory when unset.
- ``DIA_WAREHOUSE_URL``: a Postgres URL for the warehouse. When unset, the embedded server under
  ``.dia/pg`` is started if needed and used.
- ``DIA_DAGSTER_DB``: the database for Dagster's storage on the warehouse's server. Defaults to
  ``dagster`` on the embedded server (created with it) and, with ``DIA_WAREHOUSE_URL``, to the
  warehouse database itself: Dagster's tables then sit in its ``public`` schema, apart from the
  ``dia_*``, ``staging`` and ``marts`` schemas.
- ``DIA_SECRET_KEY``: comma-separated Fernet keys for tenant secrets (the first encrypts).
- ``DIA_PASSWORD`` / ``DIA_API_KEY``: a tenant's DIA credentials for ``tenants add``.
- ``DIA_LANG`` / ``LANG``: Turkish CLI messages when either starts with ``tr``.

Dagster's storage and the warehouse share one Postgres server, so one ``warehouse start``
serves the webserver, the daemon, run workers and dbt.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from .embedded import DAGSTER_DATABASE, EmbeddedPostgres

STATE_DIR_NAME = ".dia"

# dagster.yaml sits at the top of the repository, two levels above this package.
REPO_ROOT = Path(__file__).resolve().parents[2]


class SettingsError(RuntimeError):
    """A setting is missing or invalid. The message names it and how to fix it."""


def project_root() -> Path:
    """Return the directory that contains ``.dia/``: ``DIA_HOME`` or the current directory."""
    return Path(os.environ.get("DIA_HOME") or os.getcwd()).absolute()


def state_dir() -> Path:
    """Return ``<project root>/.dia``, the directory for everything the project writes locally."""
    return project_root() / STATE_DIR_NAME


def embedded_server() -> EmbeddedPostgres:
    """Return a handle on the project's embedded server (does not start it)."""
    return EmbeddedPostgres(state_dir() / "pg")


def uses_embedded_warehouse() -> bool:
    return not os.environ.get("DIA_WAREHOUSE_URL")


def warehouse_url() -> str:
    """Return the warehouse URL: ``DIA_WAREHOUSE_URL``, else the embedded server's, started if needed."""
    configured = os.environ.get("DIA_WAREHOUSE_URL")
    if configured:
        _check_postgres_url(configured)
        return configured
    return embedded_server().start()


def dagster_storage_url() -> str:
    """Return the URL of the database that stores Dagster's runs, events and schedules."""
    url = warehouse_url()
    if uses_embedded_warehouse():
        default_database = DAGSTER_DATABASE
    else:
        default_database = urlsplit(url).path.lstrip("/")
    database = os.environ.get("DIA_DAGSTER_DB") or default_database

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, ""))


def dagster_home() -> Path:
    """Create ``.dia/dagster_home`` with a current copy of the repository's dagster.yaml and return it.

    Dagster writes its own files into DAGSTER_HOME (``dagster dev`` adds ``logs/`` and
    ``.logs_queue/``), so DAGSTER_HOME is kept under ``.dia/`` rather than the checkout. The copy
    is refreshed whenever the repository's file differs, so edits there take effect on the next
    ``dia-pipelines env`` or ``dev``.
    """
    source = REPO_ROOT / "dagster.yaml"
    if not source.exists():
        raise SettingsError(f"dagster.yaml not found in {REPO_ROOT}; run from a checkout of dia-pipelines.")

    home = state_dir() / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    copy = home / "dagster.yaml"
    content = source.read_text()
    if not copy.exists() or copy.read_text() != content:
        # Replaced in one step, so a Dagster process starting meanwhile reads old or new, never half.
        fd, staged = tempfile.mkstemp(prefix=".dagster.yaml.", dir=home)
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
        os.chmod(staged, 0o644)
        os.replace(staged, copy)
    return home


def workspace_file() -> Path:
    return REPO_ROOT / "workspace.yaml"


def dagster_env() -> dict[str, str]:
    """Return the variables dagster.yaml reads, derived from the Dagster storage URL.

    ``DIA_HOME`` is included so that every Dagster process resolves the same ``.dia/``
    whatever its working directory.
    """
    parts = urlsplit(dagster_storage_url())
    dagster_files = state_dir() / "dagster"
    return {
        "DAGSTER_HOME": str(dagster_home()),
        "DIA_HOME": str(project_root()),
        "DAGSTER_PG_USERNAME": unquote(parts.username or ""),
        "DAGSTER_PG_PASSWORD": unquote(parts.password or ""),
        "DAGSTER_PG_HOST": parts.hostname or "",
        "DAGSTER_PG_PORT": str(parts.port or 5432),
        "DAGSTER_PG_DB": unquote(parts.path.lstrip("/")),
        "DIA_DAGSTER_STORAGE_DIR": str(dagster_files / "storage"),
        "DIA_DAGSTER_COMPUTE_LOGS_DIR": str(dagster_files / "compute_logs"),
    }


def dbt_env(url: str | None = None) -> dict[str, str]:
    """Return the ``DIA_PG_*`` variables that dbt_project/profiles.yml reads, for the warehouse."""
    parts = urlsplit(url or warehouse_url())
    sslmode = parse_qs(parts.query).get("sslmode", ["prefer"])[0]
    return {
        "DIA_PG_HOST": parts.hostname or "",
        "DIA_PG_PORT": str(parts.port or 5432),
        "DIA_PG_USER": unquote(parts.username or ""),
        "DIA_PG_PASSWORD": unquote(parts.password or ""),
        "DIA_PG_DATABASE": unquote(parts.path.lstrip("/")),
        "DIA_PG_SSLMODE": sslmode,
    }


def _check_postgres_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname or not parts.path.strip("/"):
        raise SettingsError(
            "DIA_WAREHOUSE_URL must look like postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
            f"(got a value with scheme {parts.scheme!r}, host {parts.hostname!r})."
        )


# -- tenant secrets -----------------------------------------------------------------------------

def demo_secret_key_path() -> Path:
    return state_dir() / "secret.key"


def secret_keys() -> list[str]:
    """Return the Fernet keys for tenant secrets, newest first.

    From ``DIA_SECRET_KEY`` (comma-separated), else from ``.dia/secret.key`` when the demo has
    written one there. Raises SettingsError, saying how to make a key, when neither exists.
    """
    configured = os.environ.get("DIA_SECRET_KEY", "")
    keys = [key.strip() for key in configured.split(",") if key.strip()]
    if keys:
        return keys

    demo_key_file = demo_secret_key_path()
    if demo_key_file.exists():
        return [demo_key_file.read_text().strip()]

    from dia_resources.tenants.secrets import KEY_HELP

    raise SettingsError(
        "DIA_SECRET_KEY is not set, so tenant secrets cannot be encrypted or read. "
        f"{KEY_HELP} and export it as DIA_SECRET_KEY."
    )


def ensure_demo_secret_key() -> list[str]:
    """Return the configured keys, or create ``.dia/secret.key`` (mode 0600) and return its key.

    For the demo and local trials only: a key stored beside the data it protects guards against
    a leaked database dump, not against someone with access to this directory.
    """
    try:
        return secret_keys()
    except SettingsError:
        pass

    from cryptography.fernet import Fernet

    key_file = demo_secret_key_path()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    # Written to a private file first and then hard-linked into place, which fails when the key
    # exists: of two racing processes one creates the key, the other reads it, never half of it.
    fd, tmp_name = tempfile.mkstemp(prefix=".secret-", dir=key_file.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode() + "\n")
        os.link(tmp_name, key_file)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp_name)
    return secret_keys()


def tenant_credentials_from_env() -> tuple[str | None, str | None]:
    """Return ``(DIA_PASSWORD, DIA_API_KEY)``, each None when unset or empty."""
    return os.environ.get("DIA_PASSWORD") or None, os.environ.get("DIA_API_KEY") or None


def cli_language() -> str:
    """Return ``"tr"`` when ``DIA_LANG`` (or, when that is unset, ``LANG``) starts with tr, else ``"en"``."""
    chosen = os.environ.get("DIA_LANG") or os.environ.get("LANG") or ""
    return "tr" if chosen.lower().startswith("tr") else "en"
