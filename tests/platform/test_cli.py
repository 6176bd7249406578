"""The dia-pipelines CLI run as a subprocess, the way a user runs it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from dia_resources.tenants import SecretKeyError, TenantRegistry
from dia_resources.warehouse import settings

from .helpers import REPO_ROOT, cli_command, cli_env

PASSWORD = "Gizli-Parola-41d9"
API_KEY = "dia-apikey-77f0a1c3"


@pytest.fixture(autouse=True)
def empty_registry(project_home, monkeypatch):
    """Remove every tenant after each test, so one test's leftovers never reach the next."""
    yield
    monkeypatch.setenv("DIA_HOME", str(project_home))
    monkeypatch.delenv("DIA_WAREHOUSE_URL", raising=False)
    registry = TenantRegistry(settings.warehouse_url(), None)
    for tenant_id in registry.tenant_ids(enabled_only=False):
        registry.remove(tenant_id)


def run_cli(project_home, *arguments: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        cli_command(*arguments),
        env=cli_env(project_home, **env),
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_add_list_remove(project_home, fernet_key):
    added = run_cli(
        project_home,
        "tenants", "add", "cli-acme", "--server-code", "acme", "--username", "ws_acme",
        "--company", "3", "--company", "1", "--interval-minutes", "15",
        DIA_SECRET_KEY=fernet_key, DIA_PASSWORD=PASSWORD, DIA_API_KEY=API_KEY,
    )
    assert added.returncode == 0, added.stderr
    assert "Added tenant cli-acme: https://acme.ws.dia.com.tr" in added.stdout
    assert "companies 1,3" in added.stdout

    listed = run_cli(project_home, "tenants", "list", DIA_SECRET_KEY=fernet_key)
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("cli-acme"))
    assert row.split()[:5] == ["cli-acme", "acme", "ws_acme", "1,3", "15"]

    removed = run_cli(project_home, "tenants", "remove", "cli-acme")
    assert removed.returncode == 0, removed.stderr
    assert "cli-acme" not in run_cli(project_home, "tenants", "list").stdout


def test_list_shows_no_secrets(project_home, fernet_key):
    run_cli(
        project_home,
        "tenants", "add", "cli-secret", "--base-url", "http://127.0.0.1:9/sim1", "--username", "u",
        DIA_SECRET_KEY=fernet_key, DIA_PASSWORD=PASSWORD, DIA_API_KEY=API_KEY,
    )

    listed = run_cli(project_home, "tenants", "list", DIA_SECRET_KEY=fernet_key)

    assert "cli-secret" in listed.stdout
    assert PASSWORD not in listed.stdout + listed.stderr
    assert API_KEY not in listed.stdout + listed.stderr
    run_cli(project_home, "tenants", "remove", "cli-secret")


def test_password_option_does_not_exist(project_home):
    result = run_cli(
        project_home, "tenants", "add", "x", "--server-code", "x", "--username", "u", "--password", PASSWORD
    )

    assert result.returncode == 2
    assert "unrecognized arguments: --password" in result.stderr


def test_add_without_terminal_or_env(project_home, fernet_key):
    result = run_cli(project_home, "tenants", "add", "cli-tty", "--server-code", "x", "--username", "u", DIA_SECRET_KEY=fernet_key)

    assert result.returncode == 1
    assert "Set DIA_PASSWORD" in result.stderr


def test_add_without_secret_key(project_home):
    result = run_cli(
        project_home, "tenants", "add", "cli-nokey", "--server-code", "x", "--username", "u",
        DIA_PASSWORD=PASSWORD, DIA_API_KEY=API_KEY,
    )

    assert result.returncode == 1
    assert "DIA_SECRET_KEY is not set" in result.stderr
    assert "Fernet.generate_key()" in result.stderr


def test_duplicate_add_fails(project_home, fernet_key):
    arguments = ("tenants", "add", "cli-dup", "--server-code", "dup", "--username", "u")
    secrets = {"DIA_SECRET_KEY": fernet_key, "DIA_PASSWORD": PASSWORD, "DIA_API_KEY": API_KEY}
    assert run_cli(project_home, *arguments, **secrets).returncode == 0

    again = run_cli(project_home, *arguments, **secrets)
    replaced = run_cli(project_home, *arguments, "--replace", **secrets)

    assert again.returncode == 1
    assert "--replace" in again.stderr
    assert replaced.returncode == 0
    assert "Replaced tenant cli-dup" in replaced.stdout
    run_cli(project_home, "tenants", "remove", "cli-dup")


def test_turkish_messages(project_home, fernet_key):
    added = run_cli(
        project_home,
        "tenants", "add", "cli-tr", "--server-code", "tr", "--username", "u",
        DIA_SECRET_KEY=fernet_key, DIA_PASSWORD=PASSWORD, DIA_API_KEY=API_KEY, LANG="tr_TR.UTF-8",
    )
    missing = run_cli(project_home, "tenants", "remove", "cli-yok", DIA_LANG="tr")
    invalid = run_cli(project_home, "tenants", "remove", "Büyük", DIA_LANG="tr")
    run_cli(project_home, "tenants", "remove", "cli-tr")

    assert "cli-tr kiracısı eklendi" in added.stdout
    assert "firmalar tümü" in added.stdout
    assert "cli-yok adında kayıtlı kiracı yok" in missing.stderr
    assert "Geçersiz kiracı kimliği" in invalid.stderr


def test_rotate_key_end_to_end(project_env):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    run_cli(
        project_env,
        "tenants", "add", "cli-rotate", "--server-code", "rot", "--username", "u",
        DIA_SECRET_KEY=old_key, DIA_PASSWORD=PASSWORD, DIA_API_KEY=API_KEY,
    )

    rotated = run_cli(project_env, "tenants", "rotate-key", DIA_SECRET_KEY=f"{new_key},{old_key}")
    rotate_with_old = run_cli(project_env, "tenants", "rotate-key", DIA_SECRET_KEY=old_key)

    url = settings.warehouse_url()
    try:
        assert rotated.returncode == 0, rotated.stderr
        assert "Re-encrypted the secrets of" in rotated.stdout
        assert TenantRegistry(url, [new_key]).get("cli-rotate").password == PASSWORD
        with pytest.raises(SecretKeyError):
            TenantRegistry(url, [old_key]).get("cli-rotate")
        assert rotate_with_old.returncode == 1
        assert "Cannot decrypt" in rotate_with_old.stderr
    finally:
        run_cli(project_env, "tenants", "remove", "cli-rotate")


def test_env_lines_evaluate_in_a_shell(project_home):
    shell = subprocess.run(
        ["bash", "-c", f'eval "$({" ".join(cli_command("env"))})" && echo "$DAGSTER_PG_DB $DIA_PG_DATABASE $DAGSTER_HOME"'],
        env=cli_env(project_home),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.split() == ["dagster", "dia", str(project_home / ".dia" / "dagster_home")]


def test_warehouse_url_prints_configured_url(project_home):
    url = "postgresql://etl:secret@db.internal:6543/warehouse"

    result = run_cli(project_home, "warehouse-url", DIA_WAREHOUSE_URL=url)

    assert result.stdout.strip() == url


def test_warehouse_status_and_url(project_home):
    status = run_cli(project_home, "warehouse", "status")
    url = run_cli(project_home, "warehouse-url")

    assert status.stdout.startswith("running (ready)")
    assert url.stdout.startswith("postgresql://dia:")
    assert url.stdout.strip().endswith("/dia")


def test_help_skips_heavy_imports():
    probe = (
        "import sys; from dia_resources import cli; cli.build_parser(); "
        "print(sorted(m for m in ('psycopg2', 'cryptography', 'dagster') if m in sys.modules))"
    )

    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)

    assert result.stdout.strip() == "[]"


def test_demo_receives_its_arguments(project_home):
    result = run_cli(project_home, "demo", "--help")

    assert result.returncode == 0, result.stderr
    assert "usage: dia-pipelines demo" in result.stdout
