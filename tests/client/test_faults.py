"""Fault handling over real HTTP against the scripted loopback stub.

These cases need a server that misbehaves on cue (HTML pages, trickling and cut-off bodies,
odd HTTP statuses), which is what the stub is for.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from dia_resources.dia import (
    DiaCreditError,
    DiaDeadlineExceeded,
    DiaLicenseError,
    DiaRequestError,
    DiaServiceNotFound,
    DiaTransientError,
)

from .stub_server import Reply

LISTING = "scf_carikart_listele"
ROWS = [{"_key": "11", "carikartkodu": "C1"}, {"_key": 12, "carikartkodu": "C2"}]
OK_ROWS = Reply({"code": "200", "msg": "", "result": ROWS})
HTML_PAGE = Reply(
    b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html"
)


def dia_error(code: str, msg: str = "") -> Reply:
    return Reply({"code": code, "msg": msg})


def test_credit_error_is_not_retried(stub, stub_client):
    stub.dia.always(LISTING, dia_error("406", "CREDIT_ERROR"))
    client = stub_client()

    with pytest.raises(DiaCreditError) as caught:
        client.list(LISTING, firma_kodu=1)

    assert stub.dia.calls(LISTING) == 1
    assert caught.value.code == "406"
    assert "stub-tenant" in str(caught.value)
    assert LISTING in str(caught.value)


def test_code_501_retried_then_succeeds(stub, stub_client):
    stub.dia.script(LISTING, dia_error("501", "ERROR"), dia_error("501", "ERROR"), OK_ROWS)
    client = stub_client()

    rows = client.list(LISTING, firma_kodu=1)

    assert [row["carikartkodu"] for row in rows] == ["C1", "C2"]
    assert stub.dia.calls(LISTING) == 3


def test_html_body_transient_after_retries(stub, stub_client):
    stub.dia.always(LISTING, HTML_PAGE)
    client = stub_client(max_attempts=3)

    with pytest.raises(DiaTransientError) as caught:
        client.list(LISTING, firma_kodu=1)

    assert stub.dia.calls(LISTING) == 3
    assert "text/html" in str(caught.value)
    assert caught.value.__cause__ is not None


def test_trickling_body_hits_deadline(stub, stub_client):
    # 1 byte every 20 ms would take over 4 s for this body, eight times the deadline.
    body = {"code": "200", "msg": "", "result": ROWS * 6}
    stub.dia.always(LISTING, Reply(body, trickle_interval=0.02))
    client = stub_client(deadline=0.5, timeout=5.0)
    client.login()
    started = time.monotonic()

    with pytest.raises(DiaDeadlineExceeded):
        client.list(LISTING, firma_kodu=1)

    elapsed = time.monotonic() - started
    assert elapsed < 1.5
    assert stub.dia.calls(LISTING) == 1


def test_stalled_body_hits_deadline(stub, stub_client):
    # The read timeout alone (5 s) would wait ten times longer than the deadline.
    stub.dia.always(LISTING, Reply(OK_ROWS.body, stall=3.0))
    client = stub_client(deadline=0.5, timeout=5.0)
    client.login()
    started = time.monotonic()

    with pytest.raises(DiaDeadlineExceeded):
        client.list(LISTING, firma_kodu=1)

    assert time.monotonic() - started < 1.5


def test_cut_off_body_retried(stub, stub_client):
    stub.dia.script(LISTING, Reply(OK_ROWS.body, cut_after=20), OK_ROWS)
    client = stub_client()

    rows = client.list(LISTING, firma_kodu=1)

    assert len(rows) == 2
    assert stub.dia.calls(LISTING) == 2


def test_dropped_connection_retried(stub, stub_client):
    stub.dia.script(LISTING, Reply(drop=True), OK_ROWS)
    client = stub_client()

    rows = client.list(LISTING, firma_kodu=1)

    assert len(rows) == 2
    assert stub.dia.calls(LISTING) == 2


def test_http_503_without_body_retried(stub, stub_client):
    stub.dia.script(LISTING, Reply(b"", status=503, content_type="text/plain"), OK_ROWS)
    client = stub_client()

    rows = client.list(LISTING, firma_kodu=1)

    assert len(rows) == 2
    assert stub.dia.calls(LISTING) == 2


def test_ekle_transient_raises_at_once(stub, stub_client):
    stub.dia.always("scf_carikart_ekle", dia_error("501", "ERROR"))
    client = stub_client()

    with pytest.raises(DiaTransientError):
        client.ekle("scf_carikart", {"carikartkodu": "C9"}, firma_kodu=1)

    assert stub.dia.calls("scf_carikart_ekle") == 1


def test_ekle_dropped_connection_not_resent(stub, stub_client):
    stub.dia.script("scf_carikart_ekle", Reply(drop=True))
    client = stub_client()

    with pytest.raises(DiaTransientError):
        client.ekle("scf_carikart", {"carikartkodu": "C9"}, firma_kodu=1)

    assert stub.dia.calls("scf_carikart_ekle") == 1


def test_unknown_service_http_404(stub, stub_client):
    stub.dia.always("dag_bolge_listele", Reply(b"Not Found", status=404, content_type="text/plain"))
    client = stub_client()

    with pytest.raises(DiaServiceNotFound):
        client.list("dag_bolge_listele", firma_kodu=1)

    assert stub.dia.calls("dag_bolge_listele") == 1


def test_body_code_wins_over_http_status(stub, stub_client):
    stub.dia.script(
        LISTING,
        Reply({"code": "200", "msg": "", "result": ROWS}, status=500),
        Reply({"code": "405", "msg": "LICENSE_ERROR"}, status=403),
    )
    client = stub_client()

    assert len(client.list(LISTING, firma_kodu=1)) == 2

    with pytest.raises(DiaLicenseError):
        client.list(LISTING, firma_kodu=1)


def test_numeric_code_and_extra_keys(stub, stub_client):
    body = {"code": 200, "msg": "", "result": ROWS, "warnings": [], "elapsed": 0.01}
    stub.dia.always(LISTING, Reply(body))
    stub.dia.always("sis_kontor_sorgula", Reply({"code": 200, "result": {"kontorsayisi": 99.5}}))
    client = stub_client()

    pages = list(client.list_pages("scf_carikart", page_size=10))

    assert [row["_key"] for row in pages[0].rows] == [11, 12]
    assert client.kontor_sorgula() == Decimal("99.5")


def test_bad_request_not_retried(stub, stub_client):
    stub.dia.always(LISTING, dia_error("400", "INVALID"))
    client = stub_client()

    with pytest.raises(DiaRequestError):
        client.list(LISTING, firma_kodu=1)

    assert stub.dia.calls(LISTING) == 1


def test_connection_refused_transient(stub, stub_client):
    client = stub_client(max_attempts=2)
    stub.stop()

    with pytest.raises(DiaTransientError) as caught:
        client.login()

    assert caught.value.__cause__ is not None
