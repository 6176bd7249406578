"""Kontör: a fixed price per call, free login and logout, 406 once spent."""

from __future__ import annotations

from decimal import Decimal

from dia_simulator import FaultPlan, Simulator

from .conftest import SMALL_SIZES, DiaCaller

PRICE = Decimal("0.0125")


def test_each_call_costs_the_price(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    before = fresh_sim.kontor("sim1")

    fresh_caller.call("sis_ping")
    fresh_caller.listele("scf_carikart_listele", limit=10)
    fresh_caller.listele("scf_carikart_listele", firma_kodu=99)  # a rejected call still costs

    assert before - fresh_sim.kontor("sim1") == 3 * PRICE


def test_login_and_logout_are_free(fresh_sim: Simulator) -> None:
    before = fresh_sim.kontor("sim1")
    dia = DiaCaller(fresh_sim.tenant("sim1"))

    dia.login()
    dia.post("sis", "logout", {"session_id": dia.session_id})

    assert fresh_sim.kontor("sim1") == before


def test_kontor_sorgula_reports_balance(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    answer = fresh_caller.call("sis_kontor_sorgula")

    assert Decimal(str(answer.body["result"]["kontorsayisi"])) == fresh_sim.kontor("sim1")


def test_price_is_configurable() -> None:
    with Simulator(tenants=1, seed=1, sizes=SMALL_SIZES, kontor_per_call="0.5", initial_kontor="10") as simulator:
        dia = DiaCaller(simulator.tenant("sim1"))
        dia.login()
        dia.call("sis_ping")

        assert simulator.kontor("sim1") == Decimal("9.5")


def test_spent_balance_answers_406(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_kontor("sim1", 2 * PRICE)

    codes = [fresh_caller.call("sis_ping").body["code"] for _ in range(4)]

    assert codes == ["200", "200", "406", "406"]
    assert fresh_sim.kontor("sim1") == 0


def test_credit_floor_answers_406_early(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    fresh_sim.set_kontor("sim1", "10")
    fresh_sim.set_faults("sim1", FaultPlan(credit_floor=Decimal("9.975")))

    codes = [fresh_caller.call("sis_ping").body["code"] for _ in range(3)]

    assert codes == ["200", "200", "406"]
    assert fresh_sim.kontor("sim1") == Decimal("9.975")
