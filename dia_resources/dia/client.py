"""`DiaClient`: a DIA web-service client that manages its own session.

Every request goes through `DiaClient._send`, which posts the call, maps DIA's response to the
exception tree in `errors`, counts kontör, and retries transient failures of read services.
`_call` wraps it with the session: it logs in on first use and, when DIA reports the session
expired (419) or cut by another login (401 INVALID_SESSION), logs in again and replays the
call once.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson

from .responses import decode_response
from .errors import (
    SUCCESS_CODE,
    CallContext,
    DiaConfigurationError,
    DiaError,
    DiaProtocolError,
    DiaSessionExpired,
    DiaTransientError,
    error_class_for_code,
    error_for_code,
    normalize_code,
)
from .paging import KEY, KEY_ORDER, format_since, normalize_page_keys, page_filters, selected_columns
from .redaction import Redactor, get_redacting_logger
from .results import (
    Company,
    EkleResult,
    Page,
    Usage,
    parse_companies,
    parse_decimal,
    parse_key,
)
from .retry import RetryPolicy, is_replayable
from .transport import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    HttpTransport,
    request_was_sent,
    service_url,
    validate_base_url,
)

logger = get_redacting_logger(__name__)

# Kontör charged per call, as DIA documents it. Tenants on other price lists pass their own.
DEFAULT_KONTOR_PER_CALL = Decimal("0.0125")

DEFAULT_PAGE_SIZE = 5000

# Calls that DIA does not charge for.
_FREE_SERVICES = frozenset({"login", "logout"})

# DIA refuses a call without running it when the credit is gone (406) or the session was
# rejected (419, 401 INVALID_SESSION), so those are not charged.
# NOTE: whether a real DIA server charges for other failed calls (400, 401 permission, 500,
# 501) is not documented. The client assumes it does, as the simulator does.
_CREDIT_ERROR_CODE = "406"


@dataclass
class _Tally:
    """Billed calls made on behalf of one public call, including replays and retries."""

    calls: int = 0


class DiaClient:
    """Client for one DIA user on one DIA server. Safe to share between threads.

    Use it as a context manager so the session is logged out at the end. Threads share one
    session, because DIA allows one live session per user. `timeout` is the read timeout in
    seconds, `deadline` bounds one call including retries, and `backoff_base`/`backoff_max`
    set the jittered waits between retries (seconds).
    """

    def __init__(
        self,
        base_url: str,
        *,
        username: str,
        password: str,
        api_key: str,
        tenant_id: str,
        kontor_per_call: Decimal = DEFAULT_KONTOR_PER_CALL,
        timeout: float = DEFAULT_READ_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        max_attempts: int = RetryPolicy.max_attempts,
        deadline: float = RetryPolicy.deadline,
        backoff_base: float = RetryPolicy.base_delay,
        backoff_max: float = RetryPolicy.max_delay,
        disconnect_same_user: bool = True,
    ) -> None:
        for name, value in (("username", username), ("password", password), ("api_key", api_key)):
            if not value:
                raise DiaConfigurationError(f"missing DIA {name} for tenant {tenant_id}")

        self.tenant_id = tenant_id
        self.base_url, self.server = validate_base_url(base_url)
        self.kontor_per_call = Decimal(kontor_per_call)
        self.retry = RetryPolicy(max_attempts, backoff_base, backoff_max, deadline)

        self._username = username
        self._password = password
        self._api_key = api_key
        self._disconnect_same_user = disconnect_same_user
        self._redactor = Redactor((password, api_key))
        self._transport = HttpTransport(connect_timeout, timeout)
        self._rng = random.Random()

        # The session lock serializes login, renewal and logout. Calls that only use the
        # session read it under the lock and send without it.
        self._session_lock = threading.RLock()
        self._session_id: str | None = None
        self._usage_lock = threading.Lock()
        self._usage = Usage()

    def __repr__(self) -> str:
        return f"DiaClient(tenant_id={self.tenant_id!r}, server={self.server!r})"

    def __enter__(self) -> DiaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def usage(self) -> Usage:
        """Billed calls and kontör spent since the client was created."""
        with self._usage_lock:
            return self._usage

    # Session

    def login(self) -> None:
        """Log in and keep the new session. A live older session of the same user is cut."""
        with self._session_lock:
            params = {
                "username": self._username,
                "password": self._password,
                "disconnect_same_user": "True" if self._disconnect_same_user else "False",
                "params": {"apikey": self._api_key},
            }
            body = self._send("login", params, _Tally())
            session_id = str(body.get("msg") or "").strip()

            if not session_id:
                context = CallContext(self.tenant_id, self.server, "login")
                raise DiaProtocolError("login response has no session id in msg", context=context)

            self._redactor.add(session_id)
            self._session_id = session_id
            logger.info("Logged in to DIA server %s for tenant %s", self.server, self.tenant_id)

    def logout(self) -> None:
        """End the session if there is one. Failures are logged, because the session is gone anyway."""
        with self._session_lock:
            session_id, self._session_id = self._session_id, None

            if session_id is None:
                return

            try:
                self._send("logout", {"session_id": session_id}, _Tally())
            except DiaSessionExpired:
                logger.info("Session of tenant %s had already ended before logout", self.tenant_id)
                return
            except DiaError as error:
                logger.warning("Logout for tenant %s failed, ignoring it: %s", self.tenant_id, error)
                return

            logger.info("Logged out of DIA server %s for tenant %s", self.server, self.tenant_id)

    def close(self) -> None:
        """Log out and drop pooled connections. A later call logs in again."""
        self.logout()
        self._transport.close()

    # Operations

    def list_pages(
        self,
        model: str,
        service: str | None = None,
        firma_kodu: int = 1,
        donem_kodu: int | None = None,
        columns: list[str] | None = None,
        since: str | date | datetime | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        after_key: int | None = None,
    ) -> Iterator[Page]:
        """Yield a listing page by page, paged by `_key` so changes during the pull are safe.

        `since` is a lower bound on `_date` (operator >=). `columns=None` requests every column,
        otherwise `_key` is added. The last page is the first one shorter than `page_size`,
        and it is yielded even when empty so the pages' `calls` add up to the calls spent.
        """
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, got {page_size}")

        service = service or f"{model}_listele"
        context = CallContext(self.tenant_id, self.server, service)
        columns = selected_columns(columns)
        since_text = format_since(since)
        last_key = after_key

        for number in itertools.count(1):
            filters = page_filters(last_key, since_text)
            rows, calls = self._list(
                service, firma_kodu, donem_kodu, filters, KEY_ORDER, columns, page_size, 0
            )
            page_last_key = normalize_page_keys(rows, last_key, context)
            logger.info(
                "%s page %d: %d rows (tenant %s, firma_kodu %s, donem_kodu %s)",
                service, number, len(rows), self.tenant_id, firma_kodu, donem_kodu,
            )
            yield Page(number=number, rows=rows, last_key=page_last_key, calls=calls)

            if len(rows) < page_size:
                return

            last_key = page_last_key

    def list_keys(
        self,
        model: str,
        service: str | None = None,
        firma_kodu: int = 1,
        donem_kodu: int | None = None,
    ) -> list[int]:
        """Return every `_key` of a listing in one call (limit 0), to find deleted records."""
        service = service or f"{model}_listele"
        context = CallContext(self.tenant_id, self.server, service)
        rows, _ = self._list(service, firma_kodu, donem_kodu, None, None, [KEY], 0, 0)
        keys = []

        for position, row in enumerate(rows):
            if KEY not in row:
                raise DiaProtocolError(f"listing row {position} has no _key", context=context)

            keys.append(parse_key(row[KEY], context))

        return keys

    def list(
        self,
        service: str,
        firma_kodu: int,
        donem_kodu: int | None = None,
        filters: list[dict[str, str]] | None = None,
        sorts: list[dict[str, str]] | None = None,
        columns: list[str] | None = None,
        limit: int = 0,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Return one `_listele` call's rows as DIA sent them. `limit` 0 returns every row."""
        rows, _ = self._list(service, firma_kodu, donem_kodu, filters, sorts, columns, limit, offset)
        return rows

    def getir(
        self, model: str, key: int, firma_kodu: int, donem_kodu: int | None = None
    ) -> dict[str, Any]:
        """Return one record by key (`<model>_getir`)."""
        service = f"{model}_getir"
        params = _scope_params(firma_kodu, donem_kodu)
        params["key"] = key
        body, _ = self._call(service, params)
        result = body.get("result")

        # A one-element list is unwrapped too, in case a server returns the record in a list.
        if isinstance(result, list) and len(result) == 1:
            result = result[0]

        if not isinstance(result, dict):
            context = CallContext(self.tenant_id, self.server, service)
            raise DiaProtocolError(
                f"expected a record object, got {type(result).__name__}", context=context
            )

        return result

    def ekle(
        self, model: str, kart: dict[str, Any], firma_kodu: int, donem_kodu: int | None = None
    ) -> EkleResult:
        """Create a record (`<model>_ekle`) and return its key. Never retried, see `is_replayable`."""
        service = f"{model}_ekle"
        context = CallContext(self.tenant_id, self.server, service)
        params = _scope_params(firma_kodu, donem_kodu)
        params["kart"] = kart
        body, _ = self._call(service, params)

        # Where the new key goes is not documented. Public integrations read it next to `code`,
        # and a `result` object that carries a key is accepted as well.
        result = body.get("result")
        holder = result if isinstance(result, dict) and "key" in result else body

        if "key" not in holder:
            raise DiaProtocolError("_ekle response has no key", context=context)

        extra = holder.get("extra")
        return EkleResult(
            key=parse_key(holder["key"], context),
            extra=extra if isinstance(extra, dict) else {},
        )

    def kontor_sorgula(self) -> Decimal:
        """Return the tenant's remaining kontör (credit)."""
        service = "sis_kontor_sorgula"
        context = CallContext(self.tenant_id, self.server, service)
        body, _ = self._call(service, {})
        result = body.get("result")

        if not isinstance(result, dict) or "kontorsayisi" not in result:
            raise DiaProtocolError("sis_kontor_sorgula response has no result.kontorsayisi", context=context)

        return parse_decimal(result["kontorsayisi"], "kontorsayisi", context)

    def yetkili_firma_donem_sube_depo(self) -> list[Company]:
        """Return the companies the user may see, each with its fiscal periods."""
        service = "sis_yetkili_firma_donem_sube_depo"
        context = CallContext(self.tenant_id, self.server, service)
        body, _ = self._call(service, {})
        return parse_companies(body.get("result"), context)

    def ping(self) -> None:
        """Check that the session is alive (`sis_ping`), renewing it if DIA dropped it."""
        self._call("sis_ping", {})

    # Requests

    def _list(
        self,
        service: str,
        firma_kodu: int,
        donem_kodu: int | None,
        filters: list[dict[str, str]] | None,
        sorts: list[dict[str, str]] | None,
        columns: list[str] | None,
        limit: int,
        offset: int,
    ) -> tuple[list[dict[str, Any]], int]:
        params = _scope_params(firma_kodu, donem_kodu)

        # DIA accepts an empty string where a filter, sort or column list is not wanted.
        params["filters"] = filters or ""
        params["sorts"] = sorts or ""
        params["params"] = {"selectedcolumns": columns} if columns else ""
        params["limit"] = limit
        params["offset"] = offset

        body, calls = self._call(service, params)
        rows = body.get("result")

        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            context = CallContext(self.tenant_id, self.server, service)
            raise DiaProtocolError("expected result to be a list of row objects", context=context)

        return rows, calls

    def _call(self, service: str, params: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """Send a call with the session, logging in again and replaying once if it expired.

        The replay is safe for writes too: DIA rejects a call with an expired session before
        running it.
        """
        tally = _Tally()
        session_id = self._current_session()

        try:
            return self._send(service, {"session_id": session_id, **params}, tally), tally.calls
        except DiaSessionExpired as error:
            logger.info(
                "Session of tenant %s ended (code %s), logging in again and replaying %s once",
                self.tenant_id, error.code, service,
            )

        session_id = self._renew_session(session_id)
        return self._send(service, {"session_id": session_id, **params}, tally), tally.calls

    def _current_session(self) -> str:
        with self._session_lock:
            if self._session_id is None:
                self.login()

            assert self._session_id is not None
            return self._session_id

    def _renew_session(self, expired_session_id: str) -> str:
        """Log in again unless another thread already replaced the expired session."""
        with self._session_lock:
            if self._session_id in (None, expired_session_id):
                self._session_id = None
                self.login()

            assert self._session_id is not None
            return self._session_id

    def _send(self, service: str, params: dict[str, Any], tally: _Tally) -> dict[str, Any]:
        """Send one call and return DIA's body; the only method that touches the network.

        Transient failures of replayable services are retried with jittered exponential
        backoff until `retry.max_attempts` or the call deadline runs out. Other failures,
        and any failure of a write, raise at once.
        """
        context = CallContext(self.tenant_id, self.server, service)
        url = service_url(self.base_url, service)
        payload = orjson.dumps({service: params})
        max_attempts = self.retry.max_attempts if is_replayable(service) else 1
        deadline = time.monotonic() + self.retry.deadline

        for attempt in itertools.count(1):
            started = time.monotonic()

            try:
                return self._attempt(url, payload, deadline, context, tally, attempt)
            except DiaTransientError as error:
                delay = self.retry.backoff(attempt, self._rng)
                out_of_time = time.monotonic() + delay >= deadline

                if attempt >= max_attempts or out_of_time:
                    raise

                logger.warning(
                    "%s attempt %d of %d failed after %.3f s, retrying in %.3f s: %s",
                    service, attempt, max_attempts, time.monotonic() - started, delay, error,
                )
                time.sleep(delay)

        raise AssertionError("unreachable")

    def _attempt(
        self,
        url: str,
        payload: bytes,
        deadline: float,
        context: CallContext,
        tally: _Tally,
        attempt: int,
    ) -> dict[str, Any]:
        started = time.monotonic()

        try:
            response = self._transport.post(url, payload, deadline, context)
            body = decode_response(response, context, self._redactor)
        except DiaError as error:
            logger.debug(
                "%s attempt %d failed after %.3f s: %s",
                context.service, attempt, time.monotonic() - started, error,
            )

            if context.service not in _FREE_SERVICES and request_was_sent(error):
                self._count_unconfirmed()

            raise

        code = normalize_code(body["code"])
        msg = self._redactor.redact(str(body.get("msg") or ""))
        self._count_usage(context.service, code, msg, tally)
        logger.debug(
            "%s attempt %d: HTTP %d, code %s, %d bytes in %.3f s",
            context.service, attempt, response.status, code, len(response.body),
            time.monotonic() - started,
        )

        if code != SUCCESS_CODE:
            raise error_for_code(code, msg, context, response.status)

        return body

    def _count_usage(self, service: str, code: str, msg: str, tally: _Tally) -> None:
        if service in _FREE_SERVICES or code == _CREDIT_ERROR_CODE:
            return

        if code != SUCCESS_CODE and error_class_for_code(code, msg) is DiaSessionExpired:
            return

        tally.calls += 1

        with self._usage_lock:
            self._usage = replace(
                self._usage,
                calls=self._usage.calls + 1,
                kontor=self._usage.kontor + self.kontor_per_call,
            )

    def _count_unconfirmed(self) -> None:
        with self._usage_lock:
            self._usage = replace(self._usage, unconfirmed=self._usage.unconfirmed + 1)


def _scope_params(firma_kodu: int, donem_kodu: int | None) -> dict[str, Any]:
    """Return the company and period parameters. Company-wide models are sent no donem_kodu."""
    params: dict[str, Any] = {"firma_kodu": firma_kodu}

    if donem_kodu is not None:
        params["donem_kodu"] = donem_kodu

    return params
