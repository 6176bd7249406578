"""Session handling against the scripted stub: lazy login, replay once, logout, threads."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from dia_resources.dia import DiaAuthError, DiaCreditError, DiaSessionExpired, Usage

from .stub_server import Reply

LISTING = "scf_carikart_listele"
ROWS = Reply({"code": "200", "msg": "", "result": [{"_key": 1}, {"_key": 2}]})
KICKED_OUT = Reply({"code": "401", "msg": "INVALID_SESSION"})


def listing_sessions(stub) -> list[str]:
    return [request.params["session_id"] for request in stub.dia.received if request.service == LISTING]


def test_login_on_first_call_only(stub, stub_client):
    stub.dia.always(LISTING, ROWS)
    client = stub_client()

    assert stub.dia.received == []

    client.list(LISTING, firma_kodu=1)
    client.list(LISTING, firma_kodu=1)

    assert stub.dia.calls("login") == 1
    assert listing_sessions(stub) == [stub.dia.sessions[0]] * 2


def test_login_sends_documented_body(stub, stub_client):
    client = stub_client()
    client.login()

    (request,) = stub.dia.received
    assert request.path == "/stub/api/v3/sis/json"
    assert request.params["username"] == "ws_stub"
    assert request.params["password"] == "stub-Password-7f3a9"
    assert request.params["params"] == {"apikey": "stub-apikey-0c61d2e8"}
    assert request.params["disconnect_same_user"] == "True"


def test_expired_session_renewed_and_replayed(stub, stub_client):
    stub.dia.always(LISTING, ROWS)
    client = stub_client()
    client.login()
    stub.dia.expire_sessions()

    rows = client.list(LISTING, firma_kodu=1)

    assert len(rows) == 2
    assert stub.dia.calls("login") == 2
    assert listing_sessions(stub) == stub.dia.sessions


def test_kicked_out_session_renewed(stub, stub_client):
    stub.dia.script(LISTING, KICKED_OUT, ROWS)
    client = stub_client()

    rows = client.list(LISTING, firma_kodu=1)

    assert len(rows) == 2
    assert stub.dia.calls("login") == 2
    assert listing_sessions(stub) == stub.dia.sessions


def test_second_expiry_not_replayed_again(stub, stub_client):
    stub.dia.always(LISTING, KICKED_OUT)
    client = stub_client()

    with pytest.raises(DiaSessionExpired):
        client.list(LISTING, firma_kodu=1)

    assert stub.dia.calls(LISTING) == 2
    assert stub.dia.calls("login") == 2


def test_wrong_credentials_fail_at_once(stub, stub_client):
    stub.dia.always("login", Reply({"code": "401", "msg": "NOUSER"}))
    client = stub_client()

    with pytest.raises(DiaAuthError) as caught:
        client.list(LISTING, firma_kodu=1)

    assert not isinstance(caught.value, DiaSessionExpired)
    assert stub.dia.calls("login") == 1
    assert stub.dia.calls(LISTING) == 0


def test_context_manager_logs_out(stub, stub_client):
    stub.dia.always(LISTING, ROWS)

    with stub_client() as client:
        client.list(LISTING, firma_kodu=1)

    logouts = [request for request in stub.dia.received if request.service == "logout"]
    assert len(logouts) == 1
    assert logouts[0].params == {"session_id": stub.dia.sessions[0]}

    client.close()
    assert stub.dia.calls("logout") == 1


def test_logout_of_expired_session_quiet(stub, stub_client):
    stub.dia.always("logout", Reply({"code": "419", "msg": "LOGIN_TIMEOUT"}))
    client = stub_client()
    client.login()

    client.close()

    assert stub.dia.calls("logout") == 1


def test_threads_share_one_renewal(stub, stub_client):
    stub.dia.always(LISTING, ROWS)
    client = stub_client()
    client.login()
    stub.dia.expire_sessions()
    barrier = threading.Barrier(8)
    results: list[int] = []
    failures: list[BaseException] = []

    def pull() -> None:
        barrier.wait(timeout=5)

        try:
            results.append(len(client.list(LISTING, firma_kodu=1)))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=pull) for _ in range(8)]

    for thread in threads:
        thread.start()

    for thread in threads:
        thread.join(timeout=10)

    assert failures == []
    assert results == [2] * 8
    # One login at the start and one renewal, however many threads saw the 419.
    assert stub.dia.calls("login") == 2


def test_usage_counts_billed_calls(stub, stub_client):
    stub.dia.always(LISTING, ROWS)
    stub.dia.always("sis_kontor_sorgula", Reply({"code": "200", "result": {"kontorsayisi": "10"}}))
    client = stub_client(kontor_per_call=Decimal("0.02"))

    before = client.usage
    client.list(LISTING, firma_kodu=1)
    client.kontor_sorgula()
    client.close()

    assert client.usage - before == Usage(calls=2, kontor=Decimal("0.04"))


def test_usage_skips_refused_calls(stub, stub_client):
    stub.dia.script(LISTING, KICKED_OUT, ROWS, Reply({"code": "406", "msg": "CREDIT_ERROR"}))
    client = stub_client()

    client.list(LISTING, firma_kodu=1)

    with pytest.raises(DiaCreditError):
        client.list(LISTING, firma_kodu=1)

    assert client.usage == Usage(calls=1, kontor=Decimal("0.0125"))


def test_list_pages_counts_page_calls(stub, stub_client):
    stub.dia.script(
        LISTING,
        Reply({"code": "200", "result": [{"_key": 1}, {"_key": 2}]}),
        KICKED_OUT,
        Reply({"code": "200", "result": [{"_key": 3}]}),
    )
    client = stub_client()

    pages = list(client.list_pages("scf_carikart", page_size=2))

    assert [page.calls for page in pages] == [1, 1]
    assert [page.last_key for page in pages] == [2, 3]
    assert client.usage.calls == 2
