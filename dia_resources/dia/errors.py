"""Errors raised by the DIA client, grouped by what the caller should do about them.

    DiaError                     base class, never raised directly
    ├── DiaConfigurationError    invalid client settings or TLS failure: fix the configuration
    ├── DiaRequestError          400 INVALID, 500 FAILURE, unknown codes, other HTTP 4xx: fix the call
    ├── DiaServiceNotFound       HTTP 404: the service is missing on this server, skip the table
    ├── DiaProtocolError         valid JSON of the wrong shape: report it, do not retry
    ├── DiaAuthError             401 (wrong login, missing permission): fix the credentials
    ├── DiaSessionExpired        419, 401 INVALID_SESSION: the client logs in and replays once
    ├── DiaLicenseError          402, 405: the tenant's licence must be fixed, never retry
    ├── DiaCreditError           406: out of kontör, stop every call for the tenant
    └── DiaTransientError        501, HTTP 5xx, timeouts, dropped connections, unreadable bodies
        └── DiaDeadlineExceeded  a call ran past its overall deadline

`DiaSessionExpired` reaches the caller only when the replayed call expires again, which means
another process keeps logging in with the same DIA user. The client retries `DiaTransientError`
itself on read services, so the caller sees one only after the retries ran out, or at once on a
write (`_ekle`, `_guncelle`, `_sil`).

Every DIA body code is mapped to a class in `error_for_code`, the only place that does so.
"""

from __future__ import annotations

from dataclasses import dataclass

# DIA's own names for its body codes, from its web-service documentation.
DIA_CODE_NAMES: dict[str, str] = {
    "200": "SUCCESS",
    "400": "INVALID",
    "401": "UNAUTHORIZED",
    "402": "UNAUTHORIZED_LICENSE_ERROR",
    "405": "LICENSE_ERROR",
    "406": "CREDIT_ERROR",
    "419": "LOGIN_TIMEOUT",
    "500": "FAILURE",
    "501": "ERROR",
}

SUCCESS_CODE = "200"

# The `msg` of a 401 that means "another login of this user cut your session".
INVALID_SESSION_MSG = "INVALID_SESSION"

# Long DIA messages are cut to this many characters in exception text.
MAX_MESSAGE_CHARS = 200


@dataclass(frozen=True)
class CallContext:
    """Facts about one call that every error message names. None of them is a secret."""

    tenant_id: str
    server: str
    service: str


class DiaError(Exception):
    """Base class of every error the DIA client raises.

    `code` is DIA's body code as a string (or None when no DIA body arrived), `dia_msg` is
    DIA's `msg` with secrets masked and cut to `MAX_MESSAGE_CHARS`.
    """

    def __init__(
        self,
        reason: str,
        *,
        context: CallContext | None = None,
        code: str | None = None,
        dia_msg: str | None = None,
        http_status: int | None = None,
    ) -> None:
        self.reason = reason
        self.context = context
        self.code = code
        self.dia_msg = dia_msg
        self.http_status = http_status
        super().__init__(self._describe())

    @property
    def tenant_id(self) -> str | None:
        return self.context.tenant_id if self.context else None

    @property
    def service(self) -> str | None:
        return self.context.service if self.context else None

    def _describe(self) -> str:
        parts = [self.reason]

        if self.context is not None:
            parts.append(
                f"tenant {self.context.tenant_id}, server {self.context.server}, "
                f"service {self.context.service}"
            )

        if self.code is not None:
            parts.append(f"code {self.code} {DIA_CODE_NAMES.get(self.code, 'unknown')}")

        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")

        if self.dia_msg:
            parts.append(f"msg {self.dia_msg!r}")

        return "; ".join(parts)


class DiaConfigurationError(DiaError, ValueError):
    """The client settings are invalid (URL, scheme, credentials) or TLS verification failed."""


class DiaRequestError(DiaError):
    """DIA rejected the call's parameters or operation (codes 400 and 500). Never retried."""


class DiaServiceNotFound(DiaError):
    """The server has no such service (HTTP 404), usually because the module is not licensed."""


class DiaProtocolError(DiaError):
    """DIA sent valid JSON that breaks the protocol, such as a listing row without `_key`."""


class DiaAuthError(DiaError):
    """Login failed (401 NOUSER) or the user lacks permission for the call."""


class DiaSessionExpired(DiaError):
    """The session timed out (419) or a newer login of the same user cut it (401 INVALID_SESSION)."""


class DiaLicenseError(DiaError):
    """The tenant's DIA licence does not allow the call (codes 402 and 405)."""


class DiaCreditError(DiaError):
    """The tenant is out of kontör (code 406). Every further call would fail the same way."""


class DiaTransientError(DiaError):
    """A failure that may pass: code 501, HTTP 5xx, timeouts, dropped connections, bad bodies.

    `request_sent` is False only when the request provably never left the client (the
    connection failed, or the deadline passed first), so DIA cannot have run or charged it.
    """

    request_sent: bool = True


class DiaDeadlineExceeded(DiaTransientError):
    """A call, its retries and the reading of its body together ran past the call deadline."""


# The one mapping from DIA body codes to exception classes. 200 is success, and
# `error_class_for_code` splits 401 by `msg`.
_ERROR_BY_CODE: dict[str, type[DiaError]] = {
    "400": DiaRequestError,
    "401": DiaAuthError,
    "402": DiaLicenseError,
    "405": DiaLicenseError,
    "406": DiaCreditError,
    "419": DiaSessionExpired,
    "500": DiaRequestError,
    "501": DiaTransientError,
}


def normalize_code(raw: object) -> str:
    """Return DIA's body code as text: DIA sends a string, some servers send a number."""
    if isinstance(raw, bool):
        return str(raw)

    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))

    return str(raw).strip()


def error_class_for_code(code: str, msg: str) -> type[DiaError]:
    """Return the exception class for a non-success DIA body code.

    Codes outside DIA's documented table map to `DiaRequestError`, so they are never retried.
    """
    if code == "401" and msg.strip().upper() == INVALID_SESSION_MSG:
        return DiaSessionExpired

    return _ERROR_BY_CODE.get(code, DiaRequestError)


def error_for_code(code: str, safe_msg: str, context: CallContext, http_status: int) -> DiaError:
    """Build the error for a non-success DIA body. `safe_msg` must already be redacted."""
    error_class = error_class_for_code(code, safe_msg)
    reason = "DIA call failed" if code in DIA_CODE_NAMES else "DIA returned an unknown code"
    shown_status = http_status if http_status != 200 else None

    return error_class(
        reason,
        context=context,
        code=code,
        dia_msg=safe_msg[:MAX_MESSAGE_CHARS],
        http_status=shown_status,
    )
