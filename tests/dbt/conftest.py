"""A warehouse filled by the real pipeline from two simulated tenants, then built with dbt.

The module-scoped fixture syncs once and runs `dbt build` once; the tests read the result.
"""

from __future__ import annotations

import uuid
from contextlib import closing
from dataclasses import dataclass

import psycopg2
import pytest

from dia_pipelines.conformed import build_conformed
from dia_pipelines.sync import sync_tenant
from dia_resources.tenants import Tenant
from dia_simulator import Simulator

from .helpers import DbtBuild, run_dbt_build

# Rows per company (per period for invoices): a few seconds of sync per tenant, and enough
# invoices that every month contains sales, returns and purchases.
SIZES = {
    "scf_carikart": 80,
    "scf_stokkart": 40,
    "scf_fatura": 400,
    "sis_ozelkod": 5,
    "sis_doviz": 3,
    "sis_sube": 2,
    "sis_depo": 2,
    "scf_satiselemani": 3,
}


@dataclass(frozen=True)
class BuiltWarehouse:
    url: str
    sim: Simulator
    tenant_ids: dict[str, str]  # simulator server code -> tenant id in the warehouse
    build: DbtBuild


@pytest.fixture(scope="module")
def built_warehouse(postgres_server, tmp_path_factory):
    database = f"dbt_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(postgres_server.url)
    admin.autocommit = True
    with closing(admin), admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    url = postgres_server.url_for(database)

    sim = Simulator(tenants=2, seed=23, sizes=SIZES)
    sim.start(host="127.0.0.1", port=0)
    try:
        tenant_ids = {}
        for index, simulated in enumerate(sim.tenants, 1):
            tenant = Tenant.create(
                f"tenant-{index}",
                username=simulated.username,
                password=simulated.password,
                api_key=simulated.api_key,
                base_url=simulated.base_url,
            )
            sync_tenant(url, tenant)
            build_conformed(url, tenant.tenant_id)
            tenant_ids[simulated.server_code] = tenant.tenant_id

        build = run_dbt_build(url, tmp_path_factory.mktemp("dbt"))
        yield BuiltWarehouse(url=url, sim=sim, tenant_ids=tenant_ids, build=build)
    finally:
        sim.stop()
        admin = psycopg2.connect(postgres_server.url)
        admin.autocommit = True
        with closing(admin), admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
