"""The dbt project (``dbt_project/``) as Dagster assets: staging views and marts over the warehouse.

Asset keys follow the warehouse layout, ``[schema, table]``: the dbt sources map onto the
assets that fill them (``dia_raw/<model>`` and ``dia_conformed/<name>``), and the models become
``staging/stg_dia__customers``, ``marts/dim_customer`` and so on.

The dbt assets are not partitioned. One ``dbt build`` rebuilds the marts for all tenants at once;
the ``dbt_after_sync`` sensor launches ``dbt_build_job`` when conformed tables were rebuilt since
its last request. The sensor is visible in the UI and can be switched off there.

dagster-dbt reads the dbt manifest at import time. When ``dbt_project/target/manifest.json`` is
missing (a fresh checkout) or older than a file of the dbt project (an edit during development),
importing this module runs ``dbt parse``, which takes about five seconds and needs no database.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dia_resources.dagster_resources import WarehouseResource
from dia_resources.warehouse.settings import dbt_env

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"

# The variables dbt_project/profiles.yml requires. `dbt parse` renders the profile but never
# connects, so placeholders stand in for any that are unset.
PARSE_PLACEHOLDER_ENV = {
    "DIA_PG_HOST": "127.0.0.1",
    "DIA_PG_PORT": "5432",
    "DIA_PG_USER": "dbt-parse",
    "DIA_PG_DATABASE": "dbt-parse",
}

PARSE_TIMEOUT_S = 300

# Tag of every run of dbt_build_job. A tag_concurrency_limits entry with limit 1 on this key in
# dagster.yaml keeps dbt builds from overlapping.
DBT_RUN_TAG = "dia/dbt"

CONFORMED_ASSET_KEYS = [dg.AssetKey(["dia_conformed", name]) for name in ("cari", "stok", "fatura", "fatura_kalemi")]

MART_ASSET_KEYS = [
    dg.AssetKey(["marts", name])
    for name in ("dim_customer", "dim_item", "fct_invoice", "fct_invoice_line", "mart_sales_monthly")
]

SENSOR_INTERVAL_S = 600


def dbt_executable() -> str:
    """Return the dbt beside the running Python, so a venv works without being activated."""
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else "dbt"


def parse_manifest() -> Path:
    """Run ``dbt parse`` to write ``dbt_project/target/manifest.json``, and return its path.

    dbt writes into a scratch directory and the manifest is then renamed into place, so a
    process that reads the manifest meanwhile never reads half a file.
    Raises RuntimeError with dbt's output when parsing fails, e.g. on a YAML error in a model file.
    """
    target_dir = DBT_PROJECT_DIR / "target"
    target_dir.mkdir(exist_ok=True)
    scratch_dir = Path(tempfile.mkdtemp(prefix="parse-", dir=target_dir))
    try:
        command = [
            dbt_executable(), "parse", "--quiet",
            "--project-dir", str(DBT_PROJECT_DIR),
            "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(scratch_dir),
            "--log-path", str(scratch_dir),
        ]
        env = {**PARSE_PLACEHOLDER_ENV, **os.environ}
        completed = subprocess.run(
            command, env=env, cwd=DBT_PROJECT_DIR, capture_output=True, text=True, timeout=PARSE_TIMEOUT_S
        )
        if completed.returncode != 0:
            output = (completed.stdout + completed.stderr).strip()[-2000:]
            raise RuntimeError(f"dbt parse failed in {DBT_PROJECT_DIR} (exit code {completed.returncode}):\n{output}")

        manifest_path = target_dir / "manifest.json"
        os.replace(scratch_dir / "manifest.json", manifest_path)
        return manifest_path
    finally:
        shutil.rmtree(scratch_dir, ignore_errors=True)


def manifest_is_stale(manifest_path: Path) -> bool:
    """Return whether the manifest is missing or older than a file of the dbt project."""
    if not manifest_path.exists():
        return True

    built_at = manifest_path.stat().st_mtime
    sources = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "tests"):
        sources.extend(path for path in (DBT_PROJECT_DIR / folder).rglob("*") if path.is_file())
    return any(path.stat().st_mtime > built_at for path in sources)


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

if manifest_is_stale(dbt_project.manifest_path):
    parse_manifest()


def dbt_resource() -> DbtCliResource:
    """Build the ``dbt`` resource for this project. The asset passes the connection from the warehouse resource."""
    return DbtCliResource(
        project_dir=os.fspath(DBT_PROJECT_DIR),
        profiles_dir=os.fspath(DBT_PROJECT_DIR),
        dbt_executable=dbt_executable(),
    )


class DiaDbtTranslator(DagsterDbtTranslator):
    """Names dbt sources and models after the warehouse tables they are: ``[schema, table]``."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        # For a source, `schema` is the source's schema (dia_raw or dia_conformed). For a model it
        # is the schema that generate_schema_name resolved (staging or marts).
        if dbt_resource_props["resource_type"] in ("source", "model"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "model":
            return dbt_resource_props["schema"]
        return super().get_group_name(dbt_resource_props)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore the old values."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=DiaDbtTranslator(),
    name="dia_dbt",
)
def dia_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """Run ``dbt build`` (models and their tests) for the selected staging views and marts."""
    # DbtCliResource hands the process environment to dbt when it starts the subprocess, so the
    # profile's DIA_PG_* variables only need to be set while `cli` is called.
    with _environment(dbt_env(warehouse.connection_url())):
        invocation = dbt.cli(["build"], context=context)

    yield from invocation.stream()

    # Each invocation writes its artifacts to a directory of its own under target/. A failed
    # build raises above and keeps its directory for inspection, a successful one removes it.
    shutil.rmtree(invocation.target_path, ignore_errors=True)


dbt_build_job = dg.define_asset_job(
    "dbt_build_job",
    selection=dg.AssetSelection.assets(dia_dbt_assets),
    description="Rebuild the staging views and marts of all tenants and run the dbt tests.",
    tags={DBT_RUN_TAG: "build"},
)


def _latest_storage_id(instance: dg.DagsterInstance, keys: list[dg.AssetKey]) -> int | None:
    """Return the event-log id of the newest materialization of any of ``keys``, any partition."""
    storage_ids = [record.asset_entry.last_materialization_storage_id for record in instance.get_asset_records(keys)]
    return max((storage_id for storage_id in storage_ids if storage_id is not None), default=None)


@dg.sensor(
    job=dbt_build_job,
    minimum_interval_seconds=SENSOR_INTERVAL_S,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Launches dbt_build_job when a tenant's conformed tables were rebuilt since the last request, "
        "at most once per interval and never while a dbt build is still waiting in the queue."
    ),
)
def dbt_after_sync(context: dg.SensorEvaluationContext):
    latest = _latest_storage_id(context.instance, CONFORMED_ASSET_KEYS)
    if latest is None:
        return dg.SkipReason("No conformed table has been built yet.")
    if context.cursor and latest <= int(context.cursor):
        return dg.SkipReason("No conformed table was rebuilt since the last dbt build request.")
    if not context.cursor:
        # A first evaluation (a new instance, or the sensor just switched on) must not rebuild
        # marts that a run outside the sensor, such as the demo's, already built from this data.
        latest_mart = _latest_storage_id(context.instance, MART_ASSET_KEYS)
        if latest_mart is not None and latest_mart > latest:
            context.update_cursor(str(latest))
            return dg.SkipReason("The marts were built after the newest conformed tables.")

    waiting = context.instance.get_run_records(
        filters=dg.RunsFilter(
            job_name=dbt_build_job.name,
            statuses=[dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING],
        ),
        limit=1,
    )
    if waiting:
        return dg.SkipReason("A dbt build is already waiting to start; it will include the new data.")

    context.update_cursor(str(latest))
    return dg.RunRequest(run_key=f"conformed-{latest}")
