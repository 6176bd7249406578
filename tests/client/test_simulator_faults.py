"""Injected faults of the DIA simulator: retries, deadlines, renewal and kontör under failure."""

from __future__ import annotations

import logging
import threading
import time
from decimal import Decimal

import pytest
from dia_simulator import Fault, FaultPlan

from dia_resources.dia import DiaCreditError, DiaDeadlineExceeded, DiaTransientError

from .conftest import FAST_RETRY, client_for

PRICE = Decimal("0.0125")
PAGE_SIZE = 40


def first_company(sim) -> int:
    return sim.tenant("sim1").companies[0].firma_kodu


def stored_keys(sim, firma: int) -> list[int]:
    return sorted(int(row["_key"]) for row in sim.rows("sim1", "scf_carikart", firma_kodu=firma))


def pull_keys(client, firma: int) -> list[int]:
    pages = client.list_pages("scf_carikart", firma_kodu=firma, columns=["_key"], page_size=PAGE_SIZE)
    return [row["_key"] for page in pages for row in page.rows]


def fired_kinds(sim) -> list[str]:
    return [kind for _, kind, _ in sim.fired_faults("sim1")]


def assert_kontor_matches(sim, before: Decimal, usage) -> None:
    """The simulator charges every call that ran, including those whose response was lost."""
    spent = before - sim.kontor("sim1")
    assert spent == usage.kontor + usage.unconfirmed * PRICE


def test_code_501_retried_pull_completes(sim):
    firma = first_company(sim)
    sim.set_faults("sim1", FaultPlan((Fault("501", calls=(2, 4)),)))
    before = sim.kontor("sim1")

    with client_for(sim) as client:
        keys = pull_keys(client, firma)
        usage = client.usage

    assert keys == stored_keys(sim, firma)
    assert fired_kinds(sim) == ["501", "501"]
    # The two 501 responses are charged on top of one call per page.
    assert usage.calls == len(keys) // PAGE_SIZE + 1 + 2
    assert usage.unconfirmed == 0
    assert_kontor_matches(sim, before, usage)


def test_html_page_transient_after_retries(sim):
    firma = first_company(sim)
    sim.set_faults("sim1", FaultPlan((Fault("html", share=1.0),)))
    before = sim.kontor("sim1")

    with client_for(sim) as client:
        with pytest.raises(DiaTransientError) as caught:
            pull_keys(client, firma)

        usage = client.usage

    assert fired_kinds(sim) == ["html"] * FAST_RETRY["max_attempts"]
    assert caught.value.http_status == 502
    assert usage.unconfirmed == FAST_RETRY["max_attempts"]
    assert_kontor_matches(sim, before, usage)


@pytest.mark.parametrize("kind", ["drop", "truncate"])
def test_lost_answer_retried(sim, kind):
    firma = first_company(sim)
    sim.set_faults("sim1", FaultPlan((Fault(kind, calls=(1, 3)),)))
    before = sim.kontor("sim1")

    with client_for(sim) as client:
        keys = pull_keys(client, firma)
        usage = client.usage

    assert keys == stored_keys(sim, firma)
    assert fired_kinds(sim) == [kind, kind]
    assert usage.unconfirmed == 2
    assert_kontor_matches(sim, before, usage)


@pytest.mark.parametrize("kind", ["trickle", "slow"])
def test_slow_body_hits_deadline(sim, kind):
    firma = first_company(sim)
    sim.set_faults("sim1", FaultPlan((Fault(kind, calls=(1,), seconds=3.0),)))

    with client_for(sim, deadline=0.6, timeout=5.0) as client:
        client.login()
        started = time.monotonic()

        with pytest.raises(DiaDeadlineExceeded):
            pull_keys(client, firma)

        elapsed = time.monotonic() - started

    # Far below the 3 s the server takes, and the 5 s read timeout.
    assert elapsed < 1.5
    assert fired_kinds(sim) == [kind]


@pytest.mark.parametrize("kind", ["expire", "kick"])
def test_session_lost_mid_pull_renewed(sim, kind, caplog):
    caplog.set_level(logging.INFO, logger="dia_resources.dia")
    firma = first_company(sim)
    sim.set_faults("sim1", FaultPlan((Fault(kind, calls=(3,)),)))
    before = sim.kontor("sim1")

    with client_for(sim) as client:
        keys = pull_keys(client, firma)
        usage = client.usage

    logins = [record for record in caplog.records if record.getMessage().startswith("Logged in to DIA")]
    assert keys == stored_keys(sim, firma)
    assert len(keys) == len(set(keys))
    assert fired_kinds(sim) == [kind]
    assert len(logins) == 2
    # The refused call is not charged, so one call per page is all that was spent.
    assert usage.calls == len(keys) // PAGE_SIZE + 1
    assert_kontor_matches(sim, before, usage)


def test_credit_floor_stops_at_once(sim, caplog):
    caplog.set_level(logging.DEBUG, logger="dia_resources.dia")
    firma = first_company(sim)
    # Credit for exactly two more calls above the floor.
    floor = sim.kontor("sim1") - 2 * PRICE
    sim.set_faults("sim1", FaultPlan(credit_floor=floor))

    with client_for(sim) as client:
        with pytest.raises(DiaCreditError) as caught:
            pull_keys(client, firma)

        usage = client.usage

    listing_attempts = [record for record in caplog.records if "scf_carikart_listele attempt" in record.getMessage()]
    assert caught.value.code == "406"
    assert usage.calls == 2
    assert len(listing_attempts) == 3
    assert "retrying" not in caplog.text
    assert sim.kontor("sim1") == floor


def test_threads_share_client_through_kick(sim, caplog):
    caplog.set_level(logging.INFO, logger="dia_resources.dia")
    company = sim.tenant("sim1").companies[0]
    scopes = [(company.firma_kodu, donem) for donem in company.donemler]
    sim.set_faults("sim1", FaultPlan((Fault("kick", calls=(4,)),)))
    pulled: dict[int, list[int]] = {}
    failures: list[BaseException] = []

    def pull(firma: int, donem: int) -> None:
        try:
            pages = client.list_pages("scf_fatura", firma_kodu=firma, donem_kodu=donem,
                                      columns=["_key"], page_size=15)
            pulled[donem] = [row["_key"] for page in pages for row in page.rows]
        except BaseException as error:
            failures.append(error)

    with client_for(sim) as client:
        client.login()
        threads = [threading.Thread(target=pull, args=scope) for scope in scopes]

        for thread in threads:
            thread.start()

        for thread in threads:
            thread.join(timeout=30)

    logins = [record for record in caplog.records if record.getMessage().startswith("Logged in to DIA")]
    assert failures == []
    assert fired_kinds(sim) == ["kick"]
    # One login at the start and one renewal, shared by every thread that saw the kick.
    assert len(logins) == 2

    for firma, donem in scopes:
        expected = sorted(int(row["_key"]) for row in sim.rows("sim1", "scf_fatura", firma, donem))
        assert pulled[donem] == expected, donem


def test_ekle_creates_readable_record(sim):
    firma = first_company(sim)
    kart = {"carikartkodu": "TEST-0001", "unvan": "Deneme Ticaret Ltd. Şti.", "carikarttipi": "AL"}

    with client_for(sim) as client:
        created = client.ekle("scf_carikart", kart, firma_kodu=firma)
        record = client.getir("scf_carikart", created.key, firma_kodu=firma)

    assert int(record["_key"]) == created.key
    assert record["carikartkodu"] == "TEST-0001"
    assert record["unvan"] == "Deneme Ticaret Ltd. Şti."
    assert created.key in stored_keys(sim, firma)


def test_ekle_lost_response_not_resent(sim):
    firma = first_company(sim)
    kart = {"carikartkodu": "TEST-0002", "unvan": "Kayıp Cevap A.Ş.", "carikarttipi": "AL"}
    sim.set_faults("sim1", FaultPlan((Fault("drop", services=("_ekle",), calls=(1,)),)))

    with client_for(sim) as client:
        with pytest.raises(DiaTransientError) as caught:
            client.ekle("scf_carikart", kart, firma_kodu=firma)

        usage = client.usage

    created = [row for row in sim.rows("sim1", "scf_carikart", firma_kodu=firma) if row["carikartkodu"] == "TEST-0002"]
    # The simulator ran the call before it dropped the connection, so the record exists although
    # the client saw no response. One attempt only, because DIA's _ekle is not idempotent.
    assert len(created) == 1
    assert fired_kinds(sim) == ["drop"]
    assert caught.value.request_sent is True
    assert usage.unconfirmed == 1
