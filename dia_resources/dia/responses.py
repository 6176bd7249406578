"""Turning a raw HTTP response into a DIA body, or into the error it stands for.

DIA puts its own result code in the JSON body and usually responds with HTTP 200, but the HTTP status
is not guaranteed to be 200, so the body code wins whenever a DIA body arrived. Without one,
the HTTP status decides: 404 means the service does not exist on this server, 5xx and
unreadable bodies (HTML error pages, cut-off JSON) are transient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from .errors import (
    CallContext,
    DiaRequestError,
    DiaServiceNotFound,
    DiaTransientError,
)
from .redaction import Redactor
from .transport import RawResponse

# Characters of an unreadable body quoted in the error, after masking secrets.
BODY_SNIPPET_CHARS = 120

# Reads a body of a known shape, or returns None to have it parsed as JSON.
BodyParser = Callable[[bytes], "dict[str, Any] | None"]

# HTTP statuses that mean "try again later" even without a 5xx.
_TRANSIENT_HTTP = frozenset({408, 425, 429})


def decode_response(
    response: RawResponse,
    context: CallContext,
    redactor: Redactor,
    parse_body: BodyParser | None = None,
) -> dict[str, Any]:
    """Return the DIA body of `response` as a dict that has a `code` key.

    `parse_body` may read a body of a known shape more cheaply than a full JSON parse; when it
    returns None, the body is parsed as JSON. Raises DiaServiceNotFound, DiaTransientError or
    DiaRequestError when no DIA body arrived.
    """
    body = parse_body(response.body) if parse_body is not None else None
    if body is not None and "code" in body:
        return body

    body, parse_error = _parse_json_object(response.body)

    if body is not None and "code" in body:
        return body

    snippet = _snippet(response.body, redactor)

    if response.status == 404:
        raise DiaServiceNotFound(
            "DIA server has no such service (is the module licensed for this tenant?)",
            context=context,
            http_status=404,
        ) from parse_error

    if response.status >= 500 or response.status in _TRANSIENT_HTTP:
        raise DiaTransientError(
            f"DIA server error without a DIA body: {snippet!r}",
            context=context,
            http_status=response.status,
        ) from parse_error

    if response.status != 200:
        raise DiaRequestError(
            f"unexpected HTTP status without a DIA body: {snippet!r}",
            context=context,
            http_status=response.status,
        ) from parse_error

    if body is not None:
        kind = "JSON without a code"
    else:
        kind = f"an unreadable body ({response.content_type or 'no content type'})"

    raise DiaTransientError(f"DIA sent {kind}: {snippet!r}", context=context) from parse_error


def _parse_json_object(raw: bytes) -> tuple[dict[str, Any] | None, Exception | None]:
    """Return the body as a JSON object, or None and the parse error (HTML, cut off, empty)."""
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        return None, error

    return (parsed if isinstance(parsed, dict) else None), None


def _snippet(raw: bytes, redactor: Redactor) -> str:
    text = raw[: BODY_SNIPPET_CHARS * 4].decode("utf-8", errors="replace")
    return redactor.redact(" ".join(text.split()))[:BODY_SNIPPET_CHARS]
