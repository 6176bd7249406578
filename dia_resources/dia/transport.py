"""HTTP for the DIA client: URL checks, one POST with a deadline, and the raw response.

This module does not handle DIA codes or sessions. It sends bytes, reads the whole body
within the call's deadline, and turns every network failure into a `DiaError` chained to the
urllib3 or socket error that caused it.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    SSLError,
    TimeoutError as Urllib3Timeout,
)

from .errors import (
    CallContext,
    DiaConfigurationError,
    DiaDeadlineExceeded,
    DiaTransientError,
)

# Seconds to wait for a TCP and TLS connection to a DIA server.
DEFAULT_CONNECT_TIMEOUT = 10.0

# Seconds to wait for the next bytes of a response. Large listings take DIA a while to start
# sending, so this is generous. The call deadline still bounds the whole call.
DEFAULT_READ_TIMEOUT = 120.0

# Bytes asked for per read. `read1` returns whatever arrived, so small trickles come back
# at once and the deadline is checked between them.
READ_CHUNK_BYTES = 64 * 1024

# Connections kept per host. Threads beyond this open extra connections that are not kept.
POOL_MAXSIZE = 8

LOOPBACK_NAMES = frozenset({"localhost"})

_SERVER_CODE_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_MODULE_PATTERN = re.compile(r"^[a-z0-9]+$")

# Services that DIA serves on /sis/json although their names carry no module prefix.
_SESSION_SERVICES = frozenset({"login", "logout"})


@dataclass(frozen=True)
class RawResponse:
    """An HTTP response read to the end: status, content type and body bytes."""

    status: int
    content_type: str
    body: bytes


def server_base_url(server_code: str) -> str:
    """Return the base URL of a DIA server from its code, e.g. "acme" -> https://acme.ws.dia.com.tr."""
    code = server_code.strip().lower()

    if not _SERVER_CODE_PATTERN.match(code):
        raise DiaConfigurationError(
            f"invalid DIA server code {server_code!r}: expected letters, digits and hyphens, "
            "as in https://<code>.ws.dia.com.tr"
        )

    return f"https://{code}.ws.dia.com.tr"


def is_loopback_host(host: str) -> bool:
    """Tell whether `host` is localhost or an address in 127.0.0.0/8 or ::1."""
    if host.lower() in LOOPBACK_NAMES:
        return True

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(base_url: str) -> tuple[str, str]:
    """Check a DIA base URL and return it without a trailing slash, plus its host and port.

    https is required for every host. Plain http is accepted only for loopback hosts, where the
    simulator runs, because DIA sends session ids and passwords in request bodies.
    """
    parts = urlsplit(base_url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname

    if scheme not in ("http", "https") or not host:
        raise DiaConfigurationError(
            f"invalid DIA base URL {parts.scheme}://{parts.hostname}: expected https://<host>"
        )

    if parts.username or parts.password or parts.query or parts.fragment:
        raise DiaConfigurationError(
            f"invalid DIA base URL for {host}: remove credentials, query and fragment, "
            "credentials go in the username, password and api_key settings"
        )

    if scheme == "http" and not is_loopback_host(host):
        raise DiaConfigurationError(
            f"plain http to {host} is not allowed: use https (http is accepted only for "
            "loopback hosts such as 127.0.0.1, ::1 and localhost)"
        )

    path = parts.path.rstrip("/")
    return f"{scheme}://{parts.netloc}{path}", parts.netloc


def module_of(service: str) -> str:
    """Return the web-service module of a service: its prefix, or "sis" for login and logout."""
    if service in _SESSION_SERVICES:
        return "sis"

    module = service.split("_", 1)[0]

    if "_" not in service or not _MODULE_PATTERN.match(module):
        raise DiaConfigurationError(
            f"invalid DIA service name {service!r}: expected <module>_<operation>, "
            "e.g. scf_carikart_listele"
        )

    return module


def service_url(base_url: str, service: str) -> str:
    """Return the endpoint of a service, `{base_url}/api/v3/{module}/json`."""
    return f"{base_url}/api/v3/{module_of(service)}/json"


class HttpTransport:
    """A thread-safe urllib3 pool that POSTs JSON and reads responses within a deadline.

    Certificates are always verified (certifi's CA bundle) and TLS 1.2 is the minimum, as DIA
    requires. urllib3's own retries and redirects are off, because the client decides what
    may be sent twice.
    """

    def __init__(
        self,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        user_agent: str = "dia-pipelines",
    ) -> None:
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": user_agent,
        }
        # NOTE: HTTPS_PROXY and similar variables are not read. A proxy for DIA would have
        # to be passed in explicitly, which no caller needs yet.
        self._pool = urllib3.PoolManager(
            maxsize=POOL_MAXSIZE,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            ssl_minimum_version=ssl.TLSVersion.TLSv1_2,
            retries=False,
        )

    def post(self, url: str, payload: bytes, deadline: float, context: CallContext) -> RawResponse:
        """POST `payload` and read the whole response before the `time.monotonic()` deadline."""
        remaining = _remaining(deadline, context, sent=False)
        timeout = urllib3.Timeout(
            connect=min(self.connect_timeout, remaining),
            read=min(self.read_timeout, remaining),
        )

        try:
            response = self._pool.request(
                "POST",
                url,
                body=payload,
                headers=self._headers,
                timeout=timeout,
                preload_content=False,
                redirect=False,
                retries=False,
            )
        except (HTTPError, OSError, http.client.HTTPException) as error:
            raise _network_error(error, deadline, context) from error

        body = self._read_body(response, deadline, context)
        content_type = response.headers.get("Content-Type", "")
        return RawResponse(status=response.status, content_type=content_type, body=body)

    def close(self) -> None:
        self._pool.clear()

    def _read_body(
        self, response: urllib3.BaseHTTPResponse, deadline: float, context: CallContext
    ) -> bytes:
        """Read the body in chunks, checking the deadline between them.

        A server that trickles a few bytes at a time would never trip the read timeout, so the
        loop checks the clock after every chunk. A server that stops sending is cut off by a
        timer that shuts the socket down when the deadline passes.
        """
        watchdog = threading.Timer(max(deadline - time.monotonic(), 0.0), _shutdown, (response,))
        watchdog.daemon = True
        watchdog.start()
        chunks: list[bytes] = []
        complete = False

        try:
            while True:
                _remaining(deadline, context)
                chunk = response.read1(READ_CHUNK_BYTES)

                if not chunk:
                    break

                chunks.append(chunk)

            # The watchdog ends a stalled read with an early EOF, which is a deadline, not a body.
            _remaining(deadline, context)
            complete = True
        except (HTTPError, OSError, http.client.HTTPException) as error:
            raise _network_error(error, deadline, context) from error
        finally:
            watchdog.cancel()
            watchdog.join()

            if complete:
                response.release_conn()
            else:
                response.close()

        return b"".join(chunks)


def request_was_sent(error: BaseException) -> bool:
    """Tell whether a failed call may have reached DIA, which may then have run and charged it."""
    return isinstance(error, DiaTransientError) and error.request_sent


def _remaining(deadline: float, context: CallContext, *, sent: bool = True) -> float:
    remaining = deadline - time.monotonic()

    if remaining <= 0:
        error = DiaDeadlineExceeded("DIA call ran past its deadline", context=context)
        error.request_sent = sent
        raise error

    return remaining


def _shutdown(response: urllib3.BaseHTTPResponse) -> None:
    try:
        response.shutdown()
    except (ValueError, RuntimeError, OSError):
        # The response was already closed or released, so no read can be stuck on it.
        pass


def _network_error(error: Exception, deadline: float, context: CallContext) -> Exception:
    """Map a urllib3, http.client or socket error to the client's exception tree."""
    # A failure to connect proves that the request never left the client.
    sent = not isinstance(error, (NewConnectionError, ConnectTimeoutError))

    if time.monotonic() >= deadline:
        late = DiaDeadlineExceeded("DIA call ran past its deadline", context=context)
        late.request_sent = sent
        return late

    if isinstance(error, SSLError):
        # Certificate and protocol failures do not pass by retrying.
        return DiaConfigurationError(
            f"TLS connection failed ({type(error).__name__}): check the server certificate "
            "and the host name",
            context=context,
        )

    # NewConnectionError subclasses ConnectTimeoutError in urllib3 2.x, so it is tested first.
    if isinstance(error, Urllib3Timeout) and not isinstance(error, NewConnectionError):
        transient = DiaTransientError(f"DIA call timed out ({type(error).__name__})", context=context)
    else:
        transient = DiaTransientError(
            f"connection to DIA failed ({type(error).__name__})", context=context
        )

    transient.request_sent = sent
    return transient
