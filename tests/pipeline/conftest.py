from __future__ import annotations

import pytest

from dia_resources.tenants import Tenant

# Rows per company (per period for invoices): small enough for seconds per sync, large enough
# that every table spans several pages with the page sizes the tests set.
TEST_SIZES = {
    "scf_carikart": 300,
    "scf_stokkart": 120,
    "scf_fatura": 150,
    "sis_ozelkod": 12,
    "sis_doviz": 4,
    "sis_sube": 3,
    "sis_depo": 4,
    "scf_satiselemani": 6,
}


@pytest.fixture
def sim():
    from dia_simulator import Simulator

    simulator = Simulator(tenants=2, seed=7, sizes=TEST_SIZES)
    simulator.start(host="127.0.0.1", port=0)
    yield simulator
    simulator.stop()


def tenant_of(sim, server_code: str, tenant_id: str) -> Tenant:
    simulated = sim.tenant(server_code)
    return Tenant.create(
        tenant_id,
        username=simulated.username,
        password=simulated.password,
        api_key=simulated.api_key,
        base_url=simulated.base_url,
    )


@pytest.fixture
def tenants(sim) -> list[Tenant]:
    return [tenant_of(sim, simulated.server_code, f"acme-{index}") for index, simulated in enumerate(sim.tenants, 1)]
