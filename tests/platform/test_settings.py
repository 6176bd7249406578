"""Settings: where the warehouse is, the variables Dagster and dbt receive, where secret keys come from."""

from __future__ import annotations

from contextlib import closing
from urllib.parse import urlsplit

import psycopg2
import pytest
from cryptography.fernet import Fernet

from dia_resources.warehouse import settings

EXTERNAL_URL = "postgresql://etl:p%40ss%2Fword@db.internal:6543/warehouse?sslmode=require"


def test_embedded_url_by_default(project_env):
    url = settings.warehouse_url()

    assert urlsplit(url).hostname == "127.0.0.1"
    with closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] == "dia"


def test_configured_url_wins(project_env, monkeypatch):
    monkeypatch.setenv("DIA_WAREHOUSE_URL", EXTERNAL_URL)

    assert settings.warehouse_url() == EXTERNAL_URL
    assert settings.uses_embedded_warehouse() is False


def test_configured_url_is_checked(project_env, monkeypatch):
    monkeypatch.setenv("DIA_WAREHOUSE_URL", "mysql://root@localhost/dia")

    with pytest.raises(settings.SettingsError, match="postgresql://USER:PASSWORD@HOST:PORT/DATABASE"):
        settings.warehouse_url()


def test_dagster_env_for_embedded_server(project_env):
    env = settings.dagster_env()
    warehouse = urlsplit(settings.warehouse_url())

    assert env["DAGSTER_PG_DB"] == "dagster"
    assert env["DAGSTER_PG_HOST"] == "127.0.0.1"
    assert env["DAGSTER_PG_PORT"] == str(warehouse.port)
    assert env["DAGSTER_PG_USERNAME"] == "dia"
    assert env["DAGSTER_PG_PASSWORD"] == warehouse.password
    assert env["DAGSTER_HOME"] == str(project_env / ".dia" / "dagster_home")
    assert env["DIA_DAGSTER_STORAGE_DIR"].startswith(str(project_env / ".dia"))


def test_dagster_env_for_external_server(project_env, monkeypatch):
    monkeypatch.setenv("DIA_WAREHOUSE_URL", EXTERNAL_URL)

    env = settings.dagster_env()

    assert env["DAGSTER_PG_DB"] == "warehouse"
    assert env["DAGSTER_PG_HOST"] == "db.internal"
    assert env["DAGSTER_PG_PORT"] == "6543"
    assert env["DAGSTER_PG_USERNAME"] == "etl"
    assert env["DAGSTER_PG_PASSWORD"] == "p@ss/word"


def test_dagster_database_override(project_env, monkeypatch):
    monkeypatch.setenv("DIA_WAREHOUSE_URL", EXTERNAL_URL)
    monkeypatch.setenv("DIA_DAGSTER_DB", "orchestration")

    assert settings.dagster_env()["DAGSTER_PG_DB"] == "orchestration"
    assert urlsplit(settings.dagster_storage_url()).path == "/orchestration"


def test_dagster_home_copy_refreshed(project_env):
    home = settings.dagster_home()
    copy = home / "dagster.yaml"
    copy.write_text("# stale\n")

    settings.dagster_home()

    assert copy.read_text() == (settings.REPO_ROOT / "dagster.yaml").read_text()


def test_dbt_env_decodes_the_url():
    env = settings.dbt_env(EXTERNAL_URL)

    assert env == {
        "DIA_PG_HOST": "db.internal",
        "DIA_PG_PORT": "6543",
        "DIA_PG_USER": "etl",
        "DIA_PG_PASSWORD": "p@ss/word",
        "DIA_PG_DATABASE": "warehouse",
        "DIA_PG_SSLMODE": "require",
    }


def test_missing_secret_key_explains_fix(project_env):
    with pytest.raises(settings.SettingsError) as raised:
        settings.secret_keys()

    assert "DIA_SECRET_KEY is not set" in str(raised.value)
    assert "Fernet.generate_key()" in str(raised.value)


def test_secret_keys_split_on_commas(project_env, monkeypatch):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("DIA_SECRET_KEY", f" {first} ,{second},")

    assert settings.secret_keys() == [first, second]


def test_demo_key_created_once(project_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DIA_HOME", str(tmp_path))
    key_file = tmp_path / ".dia" / "secret.key"

    keys = settings.ensure_demo_secret_key()

    assert key_file.stat().st_mode & 0o777 == 0o600
    assert keys == [key_file.read_text().strip()]
    Fernet(keys[0].encode())  # a usable key, or this raises
    assert settings.ensure_demo_secret_key() == keys
    assert settings.secret_keys() == keys


def test_configured_key_beats_demo_key(project_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DIA_HOME", str(tmp_path))
    settings.ensure_demo_secret_key()
    configured = Fernet.generate_key().decode()
    monkeypatch.setenv("DIA_SECRET_KEY", configured)

    assert settings.ensure_demo_secret_key() == [configured]


@pytest.mark.parametrize(
    ("dia_lang", "lang", "expected"),
    [
        (None, None, "en"),
        (None, "tr_TR.UTF-8", "tr"),
        (None, "en_US.UTF-8", "en"),
        ("tr", "en_US.UTF-8", "tr"),
        ("en", "tr_TR.UTF-8", "en"),
    ],
)
def test_cli_language(project_env, monkeypatch, dia_lang, lang, expected):
    if dia_lang is not None:
        monkeypatch.setenv("DIA_LANG", dia_lang)
    if lang is not None:
        monkeypatch.setenv("LANG", lang)

    assert settings.cli_language() == expected
