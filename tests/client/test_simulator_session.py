"""Sessions, credit and redaction against the DIA simulator over HTTP."""

from __future__ import annotations

import logging
import re
import time
from decimal import Decimal

import pytest

from dia_resources.dia import DiaAuthError, DiaCreditError, DiaError

from .conftest import client_for, start_simulator

PRICE = Decimal("0.0125")


def login_count(caplog) -> int:
    return sum(1 for record in caplog.records if record.getMessage().startswith("Logged in to DIA"))


def pull_keys(client, firma: int, between_pages=None) -> list[int]:
    keys: list[int] = []

    for page in client.list_pages("scf_carikart", firma_kodu=firma, columns=["_key"], page_size=40):
        keys.extend(row["_key"] for row in page.rows)

        if between_pages is not None and page.number == 2:
            between_pages()

    return keys


def stored_keys(sim, firma: int) -> list[int]:
    return sorted(int(row["_key"]) for row in sim.rows("sim1", "scf_carikart", firma_kodu=firma))


def test_expired_session_renewed_mid_pull(caplog):
    caplog.set_level(logging.INFO, logger="dia_resources.dia")
    sim = start_simulator(idle_timeout=1.0)

    try:
        firma = sim.tenant("sim1").companies[0].firma_kodu

        with client_for(sim) as client:
            keys = pull_keys(client, firma, between_pages=lambda: time.sleep(1.3))
    finally:
        sim.stop()

    assert keys == stored_keys(sim, firma)
    assert login_count(caplog) == 2


def test_kicked_out_session_renewed_mid_pull(shared_sim, caplog):
    caplog.set_level(logging.INFO, logger="dia_resources.dia")
    firma = shared_sim.tenant("sim1").companies[0].firma_kodu
    intruder = client_for(shared_sim)

    with client_for(shared_sim) as client:
        # The intruder logs in as the same user, which cuts the client's session.
        keys = pull_keys(client, firma, between_pages=intruder.login)

    assert keys == stored_keys(shared_sim, firma)
    assert login_count(caplog) == 3


def test_wrong_password_fails_at_once(shared_sim):
    client = client_for(shared_sim, password="not-the-password")
    started = time.monotonic()

    with pytest.raises(DiaAuthError) as caught:
        client.login()

    assert time.monotonic() - started < 1.0
    assert caught.value.code == "401"
    assert client.usage.calls == 0


def test_wrong_api_key_fails(shared_sim):
    client = client_for(shared_sim, api_key="not-the-key")

    with pytest.raises(DiaAuthError):
        client.kontor_sorgula()


def test_out_of_credit_stops_without_retry(caplog):
    caplog.set_level(logging.DEBUG, logger="dia_resources.dia")
    # Credit for two calls at the default price.
    sim = start_simulator(initial_kontor="0.025")

    try:
        firma = sim.tenant("sim1").companies[0].firma_kodu

        with client_for(sim) as client:
            client.list_keys("scf_carikart", firma_kodu=firma)
            client.list_keys("scf_carikart", firma_kodu=firma)

            with pytest.raises(DiaCreditError):
                client.list_keys("scf_carikart", firma_kodu=firma)

            usage = client.usage
    finally:
        sim.stop()

    attempts = [record for record in caplog.records if "scf_carikart_listele attempt" in record.getMessage()]
    assert usage.calls == 2
    assert len(attempts) == 3
    assert "retrying" not in caplog.text


def test_kontor_counted_equals_simulator(sim):
    company = sim.tenant("sim1").companies[0]
    before = sim.kontor("sim1")

    with client_for(sim) as client:
        list(client.list_pages("scf_carikart", firma_kodu=company.firma_kodu, page_size=50))
        client.list_keys("scf_carikart", firma_kodu=company.firma_kodu)
        client.yetkili_firma_donem_sube_depo()
        list(client.list_pages("scf_fatura", firma_kodu=company.firma_kodu,
                               donem_kodu=company.donemler[0], page_size=25))
        client.kontor_sorgula()
        usage = client.usage

    spent = before - sim.kontor("sim1")
    assert usage.calls > 5
    assert usage.kontor == usage.calls * PRICE
    assert spent == usage.kontor


def test_no_secret_in_debug_logs(sim, caplog):
    caplog.set_level(logging.DEBUG)
    tenant = sim.tenant("sim1")
    firma = tenant.companies[0].firma_kodu
    intruder = client_for(sim)
    failures: list[DiaError] = []

    with client_for(sim) as client:
        pull_keys(client, firma, between_pages=intruder.login)

        try:
            client.list("scf_carikart_listele", firma, filters=[{"field": "no_such_column", "value": "x"}])
        except DiaError as error:
            failures.append(error)

    try:
        client_for(sim, password="wrong-password-123").login()
    except DiaError as error:
        failures.append(error)

    # Every logger at DEBUG (urllib3 included) except the simulator's own, which is not the client.
    log_lines = [
        f"{record.name} {record.getMessage()}"
        for record in caplog.records
        if not record.name.startswith("dia_simulator")
    ]
    texts = [*log_lines, *(str(error) for error in failures), *(repr(error) for error in failures)]
    assert any(line.startswith("urllib3") for line in log_lines)
    assert len(failures) == 2
    assert login_count(caplog) >= 3

    for text in texts:
        assert tenant.password not in text
        assert tenant.api_key not in text
        assert "wrong-password-123" not in text
        assert not re.search(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])", text)
