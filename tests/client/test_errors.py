"""The mapping from DIA body codes to exception classes."""

from __future__ import annotations

from dia_resources.dia import errors
from dia_resources.dia.errors import (
    DIA_CODE_NAMES,
    SUCCESS_CODE,
    CallContext,
    DiaAuthError,
    DiaCreditError,
    DiaError,
    DiaLicenseError,
    DiaRequestError,
    DiaSessionExpired,
    DiaTransientError,
    error_class_for_code,
    error_for_code,
    normalize_code,
)

CONTEXT = CallContext(tenant_id="acme", server="acme.ws.dia.com.tr", service="scf_carikart_listele")

# DIA's documented error codes and the class each must raise, with the msg DIA sends.
EXPECTED = {
    "400": ("INVALID", DiaRequestError),
    "401": ("NOUSER", DiaAuthError),
    "402": ("UNAUTHORIZED_LICENSE_ERROR", DiaLicenseError),
    "405": ("LICENSE_ERROR", DiaLicenseError),
    "406": ("CREDIT_ERROR", DiaCreditError),
    "419": ("LOGIN_TIMEOUT", DiaSessionExpired),
    "500": ("FAILURE", DiaRequestError),
    "501": ("ERROR", DiaTransientError),
}


def test_every_dia_code_maps_to_one_class():
    documented_errors = set(DIA_CODE_NAMES) - {SUCCESS_CODE}

    assert documented_errors == set(EXPECTED)

    for code, (msg, expected) in EXPECTED.items():
        assert error_class_for_code(code, msg) is expected, code


def test_every_mapped_class_is_a_dia_error():
    for code in DIA_CODE_NAMES:
        if code == SUCCESS_CODE:
            continue

        assert issubclass(error_class_for_code(code, ""), DiaError), code


def test_invalid_session_is_session_expired():
    assert error_class_for_code("401", "INVALID_SESSION") is DiaSessionExpired
    assert error_class_for_code("401", " invalid_session ") is DiaSessionExpired
    assert error_class_for_code("401", "NOUSER") is DiaAuthError


def test_unknown_code_is_request_error():
    assert error_class_for_code("999", "") is DiaRequestError
    assert error_class_for_code("403", "") is DiaRequestError


def test_code_normalized_from_number():
    assert normalize_code("200") == "200"
    assert normalize_code(200) == "200"
    assert normalize_code(406.0) == "406"
    assert normalize_code(" 419 ") == "419"


def test_error_message_names_the_facts():
    error = error_for_code("406", "CREDIT_ERROR", CONTEXT, http_status=200)
    text = str(error)

    assert isinstance(error, DiaCreditError)
    assert "acme" in text
    assert "acme.ws.dia.com.tr" in text
    assert "scf_carikart_listele" in text
    assert "406" in text
    assert "CREDIT_ERROR" in text
    assert "HTTP" not in text


def test_error_message_cuts_long_msg():
    error = error_for_code("500", "x" * 1000, CONTEXT, http_status=500)

    assert len(error.dia_msg) == errors.MAX_MESSAGE_CHARS
    assert "HTTP 500" in str(error)


def test_deadline_is_transient():
    assert issubclass(errors.DiaDeadlineExceeded, DiaTransientError)


def test_configuration_error_is_value_error():
    assert issubclass(errors.DiaConfigurationError, ValueError)
    assert issubclass(errors.DiaConfigurationError, DiaError)
