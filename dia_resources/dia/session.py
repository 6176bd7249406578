"""`DiaSession`: the network side of `DiaClient`, with the session, retries and usage.

Every request goes through `DiaSession._send`, which posts the call, maps DIA's response to the
exception tree in `errors`, counts kontör, and retries transient failures of read services.
`call` wraps it with the session: it logs in on first use and, when DIA reports the session
expired (419) or cut by another login (401 INVALID_SESSION), logs in again and replays the
call once.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import orjson

from .errors import (
    SUCCESS_CODE,
    CallContext,
    DiaError,
    DiaProtocolError,
    DiaSessionExpired,
    DiaTransientError,
    error_class_for_code,
    error_for_code,
    normalize_code,
)
from .redaction import Redactor, get_redacting_logger
from .responses import BodyParser, decode_response
from .results import Usage
from .retry import RetryPolicy, is_replayable
from .transport import HttpTransport, request_was_sent, service_url

logger = get_redacting_logger(__name__)

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


@dataclass(frozen=True)
class Credentials:
    """A DIA user's login. Kept out of every log line and message."""

    username: str
    password: str
    api_key: str
    disconnect_same_user: bool = True

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r})"


class DiaSession:
    """One DIA user's session on one server, shared by every thread of a `DiaClient`."""

    def __init__(
        self,
        base_url: str,
        server: str,
        tenant_id: str,
        credentials: Credentials,
        kontor_per_call: Decimal,
        retry: RetryPolicy,
        transport: HttpTransport,
    ) -> None:
        self.base_url = base_url
        self.server = server
        self.tenant_id = tenant_id
        self.kontor_per_call = kontor_per_call
        self.retry = retry

        self._credentials = credentials
        self._redactor = Redactor((credentials.password, credentials.api_key))
        self._transport = transport
        self._rng = random.Random()

        # The session lock serializes login, renewal and logout. Calls that only use the
        # session read it under the lock and send without it.
        self._session_lock = threading.RLock()
        self._session_id: str | None = None
        self._usage_lock = threading.Lock()
        self._usage = Usage()

    @property
    def usage(self) -> Usage:
        with self._usage_lock:
            return self._usage

    def context(self, service: str) -> CallContext:
        return CallContext(self.tenant_id, self.server, service)

    def login(self) -> None:
        """Log in and keep the new session. A live older session of the same user is cut."""
        with self._session_lock:
            credentials = self._credentials
            params = {
                "username": credentials.username,
                "password": credentials.password,
                "disconnect_same_user": "True" if credentials.disconnect_same_user else "False",
                "params": {"apikey": credentials.api_key},
            }
            body = self._send("login", params, _Tally())
            session_id = str(body.get("msg") or "").strip()

            if not session_id:
                raise DiaProtocolError(
                    "login response has no session id in msg", context=self.context("login")
                )

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

    def call(
        self, service: str, params: dict[str, Any], parse_body: BodyParser | None = None
    ) -> tuple[dict[str, Any], int]:
        """Send a call with the session, logging in again and replaying once if it expired.

        The replay is safe for writes too: DIA rejects a call with an expired session before
        running it. `parse_body` is passed to `decode_response`.
        """
        tally = _Tally()
        session_id = self._current_session()

        try:
            return self._send(service, {"session_id": session_id, **params}, tally, parse_body), tally.calls
        except DiaSessionExpired as error:
            logger.info(
                "Session of tenant %s ended (code %s), logging in again and replaying %s once",
                self.tenant_id, error.code, service,
            )

        session_id = self._renew_session(session_id)
        return self._send(service, {"session_id": session_id, **params}, tally, parse_body), tally.calls

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

    def _send(
        self, service: str, params: dict[str, Any], tally: _Tally, parse_body: BodyParser | None = None
    ) -> dict[str, Any]:
        """Send one call and return DIA's body. No other method touches the network.

        Transient failures of replayable services are retried with jittered exponential
        backoff until `retry.max_attempts` or the call deadline runs out. Other failures,
        and any failure of a write, raise at once.
        """
        context = self.context(service)
        url = service_url(self.base_url, service)
        payload = orjson.dumps({service: params})
        max_attempts = self.retry.max_attempts if is_replayable(service) else 1
        deadline = time.monotonic() + self.retry.deadline

        for attempt in itertools.count(1):
            started = time.monotonic()

            try:
                return self._attempt(url, payload, deadline, context, tally, attempt, parse_body)
            except DiaTransientError as error:
                delay = self.retry.backoff(attempt, self._rng)
                out_of_time = time.monotonic() + delay >= deadline

                if attempt >= max_attempts or out_of_time:
                    if attempt > 1:
                        logger.warning("%s failed after %d attempts, giving up: %s", service, attempt, error)

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
        parse_body: BodyParser | None = None,
    ) -> dict[str, Any]:
        started = time.monotonic()

        try:
            response = self._transport.post(url, payload, deadline, context)
            body = decode_response(response, context, self._redactor, parse_body)
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

