"""Sessions: one live session per user, kick-out, idle timeout, wrong credentials."""

from __future__ import annotations

import time

import pytest

from dia_simulator import Simulator

from .conftest import SMALL_SIZES, DiaCaller


def test_second_login_kicks_first(fresh_sim: Simulator) -> None:
    first = DiaCaller(fresh_sim.tenant("sim1"))
    second = DiaCaller(fresh_sim.tenant("sim1"))
    first.login()
    second.login(disconnect_same_user=True)

    kicked = first.call("sis_ping")

    assert kicked.body == {"code": "401", "msg": "INVALID_SESSION"}
    assert second.call("sis_ping").body["code"] == "200"


@pytest.mark.parametrize("flag", ["True", "true", True])
def test_disconnect_flag_spellings_kick(fresh_sim: Simulator, flag: object) -> None:
    first = DiaCaller(fresh_sim.tenant("sim1"))
    second = DiaCaller(fresh_sim.tenant("sim1"))
    first.login()

    assert second.login(disconnect_same_user=flag).code == "200"
    assert first.call("sis_ping").body["msg"] == "INVALID_SESSION"


@pytest.mark.parametrize("flag", ["False", "false", False])
def test_login_without_disconnect_is_refused(fresh_sim: Simulator, flag: object) -> None:
    first = DiaCaller(fresh_sim.tenant("sim1"))
    second = DiaCaller(fresh_sim.tenant("sim1"))
    first.login()

    refused = second.login(disconnect_same_user=flag)

    assert refused.code == "401"
    assert first.call("sis_ping").body["code"] == "200"


def test_login_after_logout_needs_no_disconnect(fresh_sim: Simulator) -> None:
    first = DiaCaller(fresh_sim.tenant("sim1"))
    first.login()
    first.post("sis", "logout", {"session_id": first.session_id})

    assert DiaCaller(fresh_sim.tenant("sim1")).login(disconnect_same_user="False").code == "200"


def test_idle_session_answers_419() -> None:
    with Simulator(tenants=1, seed=1, sizes=SMALL_SIZES, idle_timeout=1.0) as simulator:
        dia = DiaCaller(simulator.tenant("sim1"))
        dia.login()
        assert dia.call("sis_ping").body["code"] == "200"

        time.sleep(1.3)
        expired = dia.call("sis_ping")
        dia.login()
        renewed = dia.call("sis_ping")

    assert expired.body["code"] == "419"
    assert renewed.body["code"] == "200"


def test_calls_reset_idle_timer() -> None:
    with Simulator(tenants=1, seed=1, sizes=SMALL_SIZES, idle_timeout=1.0) as simulator:
        dia = DiaCaller(simulator.tenant("sim1"))
        dia.login()
        codes = []
        for _ in range(4):
            time.sleep(0.4)
            codes.append(dia.call("sis_ping").body["code"])

    assert codes == ["200"] * 4


def test_wrong_password_is_nouser(fresh_sim: Simulator) -> None:
    answer = DiaCaller(fresh_sim.tenant("sim1")).login(password="wrong")

    assert answer.body == {"code": "401", "msg": "NOUSER"}


def test_wrong_username_is_nouser(fresh_sim: Simulator) -> None:
    assert DiaCaller(fresh_sim.tenant("sim1")).login(username="nobody").body["msg"] == "NOUSER"


def test_wrong_api_key_is_rejected(fresh_sim: Simulator) -> None:
    answer = DiaCaller(fresh_sim.tenant("sim1")).login(params={"apikey": "not-the-key"})

    assert answer.code == "401"
    assert answer.body["msg"] != "NOUSER"


def test_unknown_session_is_invalid(fresh_sim: Simulator) -> None:
    dia = DiaCaller(fresh_sim.tenant("sim1"))
    dia.session_id = "0" * 32

    assert dia.call("sis_ping").body == {"code": "401", "msg": "INVALID_SESSION"}
