"""``make demo``: the whole product on one machine, as real Dagster runs.

Starts the embedded Postgres and the DIA simulator and registers the simulator's tenants. Then
it syncs every table of every tenant with the ``dia_sync`` job, whose runs are stored in the
Dagster instance and show in ``make dev``. It advances the simulator's clock, syncs again
incrementally, runs a full refresh that marks deleted rows, builds the dbt marts and prints
what each step did. Exits 1 when a run failed or a check of ERROR severity did not pass.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import threading
from contextlib import closing
from dataclasses import dataclass

import psycopg2

# Rows per company (per period for invoices): a few thousand to a few tens of thousands of rows
# per table and tenant, so the demo takes a few minutes on two cores.
DEMO_SIZES = {
    "scf_carikart": 1500,
    "scf_stokkart": 800,
    "scf_fatura": 1000,
    "sis_ozelkod": 40,
    "sis_doviz": 6,
    "sis_sube": 5,
    "sis_depo": 8,
    "scf_satiselemani": 25,
}
DEMO_SEED = 42
DEMO_TENANTS = 3
DEMO_SIMULATOR_PORT = 8765
DEMO_TENANT_PREFIX = "demo-"

# Dagster prints every event of a run to the console by default; the demo prints its own
# summary and keeps warnings and errors only. The full event log is in the UI.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class StepOutcome:
    name: str
    tenant_id: str | None
    run_id: str
    success: bool
    failed_checks: list[str]  # checks of ERROR severity that did not pass: the demo fails
    warnings: list[str]  # checks of WARN severity that did not pass: reported only


def _outcome(name: str, tenant_id: str | None, result) -> StepOutcome:
    import dagster as dg

    failed, warned = [], []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        label = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        (warned if evaluation.severity == dg.AssetCheckSeverity.WARN else failed).append(label)
    return StepOutcome(name, tenant_id, result.run_id, result.success, failed, warned)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dia-pipelines demo", description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=DEMO_TENANTS, help="number of simulated tenants")
    parser.add_argument("--seed", type=int, default=DEMO_SEED, help="seed of the simulated data")
    parser.add_argument(
        "--simulator-port", type=int, default=DEMO_SIMULATOR_PORT,
        help="loopback port for the simulator (0 picks a free one)",
    )
    parser.add_argument(
        "--keep-simulator", action="store_true",
        help="keep the simulator serving after the demo, until Ctrl-C, so `make dev` can sync the demo tenants",
    )
    return parser.parse_args(argv)


def prepare_environment() -> str:
    """Start the warehouse, make sure a secret key exists and point Dagster at the instance."""
    from dia_resources.warehouse import settings

    url = settings.warehouse_url()
    settings.ensure_demo_secret_key()
    os.environ.update(settings.dagster_env())
    os.environ.update(settings.dbt_env(url))
    return url


def register_simulator_tenants(sim, warehouse_url: str) -> list[str]:
    """Register (or refresh) one tenant per simulated DIA server; return their ids."""
    from dia_resources.tenants import Tenant, TenantRegistry
    from dia_resources.warehouse import settings

    registry = TenantRegistry(warehouse_url, settings.secret_keys(), actor="demo")
    tenant_ids = []
    for index, simulated in enumerate(sim.tenants, start=1):
        tenant = Tenant.create(
            f"{DEMO_TENANT_PREFIX}{index}",
            username=simulated.username,
            password=simulated.password,
            api_key=simulated.api_key,
            base_url=simulated.base_url,
            sync_interval_minutes=60,
        )
        registry.add(tenant, replace=True)
        tenant_ids.append(tenant.tenant_id)
    return tenant_ids


def dia_sync_job():
    """Build the sync job with its resources; ``reconstructable`` needs a module-level function."""
    from dia_pipelines.definitions import defs

    return defs.resolve_job_def("dia_sync")


def run_sync(instance, tenant_id: str, step: str, *, full_refresh: bool = False) -> StepOutcome:
    import dagster as dg

    from dia_pipelines.assets.raw import FULL_REFRESH_TAG

    tags = {"dagster/partition": tenant_id, "dia/trigger": "demo"}
    if full_refresh:
        tags[FULL_REFRESH_TAG] = "true"
    result = dg.execute_job(
        dg.reconstructable(dia_sync_job), instance=instance, tags=tags, run_config=QUIET_RUN_CONFIG
    )
    return _outcome(step, tenant_id, result)


def _print_sync_summary(warehouse_url: str, outcomes: list[StepOutcome]) -> None:
    run_steps = {outcome.run_id: (outcome.name, outcome.tenant_id) for outcome in outcomes if outcome.tenant_id}
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT h.run_id, h.tenant_id, h.model, h.mode, h.status, h.rows_live,
                   h.rows_inserted, h.rows_updated, h.rows_deleted, h.rows_rejected, h.calls, h.kontor,
                   extract(epoch FROM h.finished_at - h.started_at)
            FROM dia_meta.dia_sync_history h WHERE h.run_id = ANY(%s) ORDER BY h.tenant_id, h.id
            """,
            (list(run_steps),),
        )
        rows = cursor.fetchall()
    header = ("step", "tenant", "table", "mode", "status", "rows", "inserted", "updated", "deleted", "rejected",
              "calls", "kontor", "seconds")
    table = [header]
    for run_id, tenant_id, model, mode, status, live, inserted, updated, deleted, rejected, calls, kontor, seconds in rows:
        table.append(
            (run_steps[run_id][0], tenant_id, model, mode, status, str(live), str(inserted), str(updated),
             str(deleted), str(rejected), str(calls), f"{kontor:.4f}", f"{seconds:.2f}")
        )
    _print_table("DIA syncs", table)


def _print_counts(title: str, warehouse_url: str, tables: list[str], by_tenant: bool) -> None:
    table = [("table", "tenant", "rows") if by_tenant else ("table", "rows")]
    with closing(psycopg2.connect(warehouse_url)) as connection, connection.cursor() as cursor:
        for name in tables:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (name,))
            if not cursor.fetchone()[0]:
                table.append((name, "missing") if not by_tenant else (name, "-", "missing"))
                continue
            if by_tenant:
                cursor.execute(f"SELECT tenant_id, count(*) FROM {name} GROUP BY tenant_id ORDER BY tenant_id")
                table.extend((name, tenant_id, str(count)) for tenant_id, count in cursor.fetchall())
            else:
                cursor.execute(f"SELECT count(*) FROM {name}")
                table.append((name, str(cursor.fetchone()[0])))
    _print_table(title, table)


def _print_table(title: str, rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"\n{title}")
    for index, row in enumerate(rows):
        print("  ".join(cell.rjust(width) if cell[:1].isdigit() else cell.ljust(width) for cell, width in zip(row, widths)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


def start_simulator(args: argparse.Namespace):
    """Start the simulator on loopback, or return None after saying why the port is unusable."""
    from dia_simulator import Simulator

    sim = Simulator(tenants=args.tenants, seed=args.seed, sizes=DEMO_SIZES)
    try:
        sim.start(host="127.0.0.1", port=args.simulator_port)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(
            f"Port {args.simulator_port} on 127.0.0.1 is already in use, so the DIA simulator cannot start. "
            "Stop what uses it, or pick another port: make demo DEMO_ARGS='--simulator-port 0'",
            file=sys.stderr,
        )
        return None
    return sim


def run_demo_syncs(sim, instance, warehouse_url: str) -> list[StepOutcome]:
    """Register the simulated tenants and run the full, incremental and full-refresh syncs."""
    from dia_pipelines.partitions import TENANT_PARTITIONS_NAME

    outcomes = []
    tenant_ids = register_simulator_tenants(sim, warehouse_url)
    known = set(instance.get_dynamic_partitions(TENANT_PARTITIONS_NAME))
    instance.add_dynamic_partitions(TENANT_PARTITIONS_NAME, [t for t in tenant_ids if t not in known])

    # A full sync first, also on a second demo run: the simulator starts again from the seed's
    # data, so the warehouse is brought back to it (and the watermark with it).
    for tenant_id in tenant_ids:
        print(f"Full sync of {tenant_id} ...", flush=True)
        outcomes.append(run_sync(instance, tenant_id, "full", full_refresh=True))

    for simulated in sim.tenants:
        sim.advance(simulated.server_code, seconds=86400, update_share=0.05, insert_share=0.02, delete_share=0.01)
    for tenant_id in tenant_ids:
        print(f"Incremental sync of {tenant_id} after one simulated day ...", flush=True)
        outcomes.append(run_sync(instance, tenant_id, "incremental"))

    # _date cannot show a deletion, so the incremental sync leaves deleted rows live and the
    # reconciliation check warns about them. A full refresh lists every key and marks them.
    for tenant_id in tenant_ids:
        print(f"Full refresh of {tenant_id} to mark deleted rows ...", flush=True)
        outcomes.append(run_sync(instance, tenant_id, "full refresh", full_refresh=True))
    return outcomes


def _print_outcomes(outcomes: list[StepOutcome]) -> list[StepOutcome]:
    """Print warnings and failures; return the failed steps."""
    warned = [outcome for outcome in outcomes if outcome.warnings]
    for outcome in warned:
        print(f"warning: {outcome.name} {outcome.tenant_id or ''}: checks warned: {', '.join(outcome.warnings)}")
    if any(outcome.name == "incremental" for outcome in warned):
        print(
            "  (expected: an incremental sync cannot see rows deleted in DIA, so reconciliation finds them still\n"
            "   live; the full refresh after it marked them deleted and its reconciliation passed)"
        )
    failures = [outcome for outcome in outcomes if not outcome.success or outcome.failed_checks]
    for outcome in failures:
        print(
            f"FAILED: {outcome.name} {outcome.tenant_id or ''} run {outcome.run_id}"
            + (f", failed checks: {', '.join(outcome.failed_checks)}" if outcome.failed_checks else ""),
            file=sys.stderr,
        )
    return failures


def _serve_until_interrupted(sim) -> None:
    print(
        f"\nThe DIA simulator keeps serving on {sim.base_url}, so `make dev` can sync the demo tenants. "
        "Press Ctrl-C to stop it.",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("Simulator stopped.")


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    warehouse_url = prepare_environment()

    import dagster as dg

    from dia_pipelines.conformed.tables import CONFORMED_SCHEMA, CONFORMED_TABLES

    sim = start_simulator(args)
    if sim is None:
        return 2
    instance = dg.DagsterInstance.get()
    try:
        print(f"DIA simulator on {sim.base_url}, warehouse ready, Dagster home {os.environ['DAGSTER_HOME']}")
        outcomes = run_demo_syncs(sim, instance, warehouse_url)
        outcomes.extend(build_marts(instance))

        _print_sync_summary(warehouse_url, outcomes)
        _print_counts(
            "Conformed tables", warehouse_url, [f"{CONFORMED_SCHEMA}.{table.name}" for table in CONFORMED_TABLES], True
        )
        _print_mart_counts(warehouse_url)
        failures = _print_outcomes(outcomes)

        print("\nDemo finished." if not failures else "\nDemo finished with failures.")
        print(
            "See the runs with `make dev` (http://127.0.0.1:3000); query the warehouse with "
            '`psql "$(.venv/bin/dia-pipelines warehouse-url)"`.'
        )
        if args.keep_simulator:
            _serve_until_interrupted(sim)
    finally:
        sim.stop()
    return 1 if failures else 0


MART_MODELS = ("dim_customer", "dim_item", "fct_invoice", "fct_invoice_line", "mart_sales_monthly")


def dbt_build_job():
    """Build the dbt job with its resources; ``reconstructable`` needs a module-level function."""
    from dia_pipelines.definitions import defs

    return defs.resolve_job_def("dbt_build_job")


def build_marts(instance) -> list[StepOutcome]:
    """Build the staging views and marts of all tenants, with the dbt tests, as one run."""
    import dagster as dg

    print("Building the dbt models ...", flush=True)
    result = dg.execute_job(
        dg.reconstructable(dbt_build_job), instance=instance, tags={"dia/trigger": "demo"}, run_config=QUIET_RUN_CONFIG
    )
    return [_outcome("dbt build", None, result)]


def _print_mart_counts(warehouse_url: str) -> None:
    _print_counts("dbt marts", warehouse_url, [f"marts.{name}" for name in MART_MODELS], False)


if __name__ == "__main__":
    sys.exit(main())
