"""The dbt sources must describe the warehouse tables exactly as the pipeline creates them.

The raw tables come from the table catalog through the warehouse DDL, and the conformed tables
from their declarations. A column added to either without a matching source column fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dia_pipelines.catalog import TABLES
from dia_pipelines.conformed.tables import CONFORMED_TABLES
from dia_resources.warehouse.ddl import raw_column_definitions

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"
MODELS = DBT_PROJECT / "models"

# Spellings that the DDL uses for the types the sources spell out.
TYPE_ALIASES = {"timestamptz": "timestamp with time zone"}


def _source(name: str) -> dict[str, list[tuple[str, str | None]]]:
    """Return each table of source ``name`` with its (column, data_type) pairs in file order."""
    for path in MODELS.rglob("*.yml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources", []):
            if source["name"] == name:
                return {
                    table["name"]: [(column["name"], column.get("data_type")) for column in table.get("columns", [])]
                    for table in source["tables"]
                }
    raise AssertionError(f"no dbt source named {name!r} under {MODELS}")


def _ddl_type(definition: str) -> str:
    pg_type = definition.removesuffix(" NOT NULL")
    return TYPE_ALIASES.get(pg_type, pg_type)


def test_raw_source_tables_match_catalog():
    assert sorted(_source("dia")) == sorted(spec.model for spec in TABLES)


@pytest.mark.parametrize("spec", TABLES, ids=lambda spec: spec.model)
def test_raw_source_columns_match_ddl(spec):
    expected = [(name, _ddl_type(definition)) for name, definition in raw_column_definitions(spec)]

    assert _source("dia")[spec.model] == expected


def test_conformed_source_tables_match_declarations():
    assert sorted(_source("dia_conformed")) == sorted(table.name for table in CONFORMED_TABLES)


@pytest.mark.parametrize("table", CONFORMED_TABLES, ids=lambda table: table.name)
def test_conformed_source_columns_match_declarations(table):
    assert _source("dia_conformed")[table.name] == list(table.postgres_columns.items())


def _sources_used(sql_path: Path) -> set[tuple[str, str]]:
    return set(re.findall(r"source\('(\w+)',\s*'(\w+)'\)", sql_path.read_text(encoding="utf-8")))


def test_each_source_table_has_one_staging_view():
    staging = sorted((MODELS / "staging").rglob("stg_*.sql"))
    used = [pair for path in staging for pair in _sources_used(path)]

    expected = [("dia", spec.model) for spec in TABLES] + [("dia_conformed", table.name) for table in CONFORMED_TABLES]
    assert sorted(used) == sorted(expected)


def test_raw_staging_views_drop_deleted_rows():
    for path in sorted((MODELS / "staging" / "dia").glob("stg_*.sql")):
        assert "where _deleted_at is null" in path.read_text(encoding="utf-8"), path.name


def test_every_model_states_its_grain():
    for sql_path in sorted(MODELS.rglob("*.sql")):
        yml_path = sql_path.with_suffix(".yml")
        assert yml_path.exists(), f"{sql_path.name} has no {yml_path.name} beside it"

        document = yaml.safe_load(yml_path.read_text(encoding="utf-8"))
        models = {model["name"]: model for model in document["models"]}
        assert sql_path.stem in models, f"{yml_path.name} does not describe {sql_path.stem}"
        assert "Grain:" in models[sql_path.stem]["description"], sql_path.stem
