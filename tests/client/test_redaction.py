"""Secrets never reach logs or exception text, even when DIA echoes them back."""

from __future__ import annotations

import logging
import re

import pytest

from dia_resources.dia import DiaError, DiaRequestError, DiaTransientError
from dia_resources.dia.redaction import MASK, Redactor, SessionIdFilter

from .conftest import STUB_API_KEY, STUB_PASSWORD
from .stub_server import Reply

LISTING = "scf_carikart_listele"


def exception_texts(error: BaseException) -> list[str]:
    """Return the text of an exception and of every exception chained to it."""
    texts = []
    current: BaseException | None = error

    while current is not None:
        texts.append(str(current))
        texts.append(repr(current))
        current = current.__cause__ or current.__context__

    return texts


def echo_request(params: dict) -> Reply:
    # A DIA error that quotes the whole request, session id included.
    return Reply({"code": "400", "msg": f"invalid parameters in {params!r}"})


def html_with_session(params: dict) -> Reply:
    page = f"<html><body>Proxy error for session {params['session_id']}</body></html>"
    return Reply(page, status=502, content_type="text/html")


def test_secrets_absent_from_logs_and_errors(stub, stub_client, caplog):
    caplog.set_level(logging.DEBUG, logger="dia_resources.dia")
    stub.dia.always(LISTING, echo_request)
    stub.dia.always("scf_carikart_getir", html_with_session)
    stub.dia.script("sis_ping", Reply({"code": "419", "msg": "LOGIN_TIMEOUT"}))
    errors: list[DiaError] = []

    with stub_client() as client:
        client.ping()

        with pytest.raises(DiaRequestError) as request_error:
            client.list(LISTING, firma_kodu=1)

        errors.append(request_error.value)

        with pytest.raises(DiaTransientError) as transient_error:
            client.getir("scf_carikart", 5, firma_kodu=1)

        errors.append(transient_error.value)

    secrets = [STUB_PASSWORD, STUB_API_KEY, *stub.dia.sessions]
    texts = [caplog.text, *(text for error in errors for text in exception_texts(error))]

    # The scenario must have produced the logs and sessions the check relies on.
    assert len(stub.dia.sessions) == 2
    assert "attempt 1" in caplog.text
    assert "invalid parameters" in str(request_error.value)
    assert MASK in str(request_error.value)

    for secret in secrets:
        for text in texts:
            assert secret not in text


def test_redactor_masks_known_secrets():
    redactor = Redactor(("hunter2-long", "k3y-ab"))

    text = redactor.redact("pw hunter2-long key k3y-ab and hunter2-longer")

    assert text == f"pw {MASK} key {MASK} and {MASK}er"


def test_redactor_masks_session_shaped_text():
    redactor = Redactor()
    session_id = "0123456789abcdef0123456789abcdef"

    assert redactor.redact(f"session={session_id};") == f"session={MASK};"
    # A longer hex run is not a session id and stays as it is.
    assert redactor.redact("a" * 40) == "a" * 40


def test_redactor_masks_added_session():
    redactor = Redactor()
    redactor.add("short-session-token")

    assert redactor.redact("id short-session-token") == f"id {MASK}"


def test_filter_masks_log_arguments():
    record = logging.LogRecord(
        "dia_resources.dia.client", logging.INFO, __file__, 1,
        "echo %s", ("fedcba9876543210fedcba9876543210",), None,
    )

    SessionIdFilter().filter(record)

    assert record.getMessage() == f"echo {MASK}"
    assert not re.search(r"[0-9a-f]{32}", record.getMessage())
