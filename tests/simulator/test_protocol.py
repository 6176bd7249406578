"""The wire format: one root key per body, string codes, session id in msg, json.dumps text."""

from __future__ import annotations

import json
import re

import requests

from dia_simulator import Simulator

from .conftest import DiaCaller


def test_login_returns_session_in_msg(sim: Simulator) -> None:
    dia = DiaCaller(sim.tenant("sim1"))
    answer = dia.login()

    assert answer.status == 200
    assert answer.body["code"] == "200"
    assert re.fullmatch(r"[0-9a-f]{32}", answer.body["msg"])


def test_listing_text_matches_json_dumps(caller: DiaCaller) -> None:
    answer = caller.listele("scf_carikart_listele", limit=50)

    assert answer.body["code"] == "200"
    assert isinstance(answer.body["result"], list)
    assert answer.text == json.dumps(answer.body, ensure_ascii=False)
    assert '"code": "200", "msg": ""' in answer.text


def test_codes_are_strings_in_errors(caller: DiaCaller) -> None:
    bad_filter = caller.listele("scf_carikart_listele", filters=[{"field": "nosuchfield", "operator": "=", "value": "1"}])

    assert bad_filter.status == 200
    assert bad_filter.body["code"] == "400"
    assert "nosuchfield" in bad_filter.body["msg"]


def test_unknown_service_is_http_404(caller: DiaCaller) -> None:
    answer = caller.call("scf_nosuchmodel_listele", firma_kodu=1)

    assert answer.status == 404


def test_missing_module_is_404_on_one_tenant(sim: Simulator) -> None:
    with_regions = DiaCaller(sim.tenant("sim1"))
    without_regions = DiaCaller(sim.tenant("sim2"))
    with_regions.login()
    without_regions.login()

    assert with_regions.listele("dag_bolge_listele").body["code"] == "200"
    assert without_regions.listele("dag_bolge_listele").status == 404


def test_service_on_wrong_module_is_404(caller: DiaCaller) -> None:
    answer = caller.post("sis", "scf_carikart_listele", {"session_id": caller.session_id, "firma_kodu": 1})

    assert answer.status == 404


def test_body_needs_exactly_one_root_key(caller: DiaCaller) -> None:
    response = requests.post(
        f"{caller.tenant.base_url}/api/v3/sis/json",
        data=json.dumps({"sis_ping": {"session_id": caller.session_id}, "logout": {}}),
        timeout=10,
    )

    assert response.json()["code"] == "400"


def test_ping_and_logout(caller: DiaCaller) -> None:
    assert caller.call("sis_ping").body == {"code": "200", "msg": ""}
    assert caller.post("sis", "logout", {"session_id": caller.session_id}).body["code"] == "200"
    assert caller.call("sis_ping").body["code"] == "401"


def test_companies_periods_and_branches(sim: Simulator, caller: DiaCaller) -> None:
    answer = caller.call("sis_yetkili_firma_donem_sube_depo")
    companies = answer.body["result"]
    expected = sim.tenant("sim1").companies

    assert [company["firmakodu"] for company in companies] == [company.firma_kodu for company in expected]
    for company, known in zip(companies, expected):
        assert [period["donemkodu"] for period in company["donemler"]] == known.donemler
        assert {period["ontanimli"] for period in company["donemler"]} <= {"t", "f"}
        assert sum(period["ontanimli"] == "t" for period in company["donemler"]) == 1
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", company["donemler"][0]["baslangictarihi"])
        assert company["subeler"] and all(branch["depolar"] for branch in company["subeler"])


def test_getir_returns_object(sim: Simulator, caller: DiaCaller) -> None:
    row = sim.rows("sim1", "scf_carikart", 1)[5]

    answer = caller.call("scf_carikart_getir", firma_kodu=1, key=int(row["_key"]))

    assert answer.body["code"] == "200"
    assert answer.body["result"] == row


def test_getir_invoice_has_lines(sim: Simulator, caller: DiaCaller) -> None:
    header = sim.rows("sim1", "scf_fatura", 1, 2)[0]
    lines = [line for line in sim.rows("sim1", "scf_fatura_kalemi", 1, 2)
             if int(line["_key_scf_fatura"]) == int(header["_key"])]

    answer = caller.call("scf_fatura_getir", firma_kodu=1, donem_kodu=2, key=str(header["_key"]))

    assert answer.body["result"]["fisno"] == header["fisno"]
    assert [line["_key"] for line in answer.body["result"]["m_kalemler"]] == [line["_key"] for line in lines]


def test_getir_unknown_key_fails(caller: DiaCaller) -> None:
    answer = caller.call("scf_carikart_getir", firma_kodu=1, key=1)

    assert answer.body["code"] == "500"


def test_period_model_needs_donem(caller: DiaCaller) -> None:
    assert caller.listele("scf_fatura_listele").body["code"] == "400"
    assert caller.listele("scf_fatura_listele", donem_kodu=99).body["code"] == "400"
    assert caller.listele("scf_fatura_listele", donem_kodu=1, limit=1).body["code"] == "200"


def test_unknown_company_is_rejected(caller: DiaCaller) -> None:
    assert caller.listele("scf_carikart_listele", firma_kodu=99).body["code"] == "400"


def test_ascii_only_escapes_turkish_letters() -> None:
    with Simulator(tenants=1, seed=2, sizes={"scf_carikart": 50, "scf_fatura": 5}, ascii_only=True) as simulator:
        dia = DiaCaller(simulator.tenant("sim1"))
        dia.login()
        answer = dia.listele("scf_carikart_listele")

    assert answer.text.isascii()
    assert answer.text == json.dumps(answer.body)
    assert any("İ" in row["sehir"] or "ı" in row["unvan"] for row in answer.body["result"])
