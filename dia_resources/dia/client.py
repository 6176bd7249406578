"""`DiaClient`: the DIA web service as Python methods named after DIA's operations.

The client turns DIA's JSON into typed values (`Page`, `Company`, `EkleResult`, `Decimal`) and
pages listings by `_key`. Everything on the network side (session, replay after expiry,
retries, kontör) is in `DiaSession`, which sends every request through one method.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .errors import DiaConfigurationError, DiaProtocolError
from .keylisting import parse_key_listing
from .paging import KEY, KEY_ORDER, format_since, normalize_page_keys, page_filters, selected_columns
from .redaction import get_redacting_logger
from .results import (
    Company,
    EkleResult,
    Page,
    Usage,
    parse_companies,
    parse_decimal,
    parse_key,
)
from .retry import RetryPolicy
from .session import Credentials, DiaSession
from .transport import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    HttpTransport,
    validate_base_url,
)

logger = get_redacting_logger(__name__)

# Kontör charged per call, as DIA documents it. Tenants on other price lists pass their own.
DEFAULT_KONTOR_PER_CALL = Decimal("0.0125")

DEFAULT_PAGE_SIZE = 5000


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
        self._session = DiaSession(
            self.base_url,
            self.server,
            tenant_id,
            Credentials(username, password, api_key, disconnect_same_user),
            kontor_per_call=Decimal(kontor_per_call),
            retry=RetryPolicy(max_attempts, backoff_base, backoff_max, deadline),
            transport=HttpTransport(connect_timeout, timeout),
        )

    def __repr__(self) -> str:
        return f"DiaClient(tenant_id={self.tenant_id!r}, server={self.server!r})"

    def __enter__(self) -> DiaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def usage(self) -> Usage:
        """Billed calls, kontör and unconfirmed calls since the client was created."""
        return self._session.usage

    # Session

    def login(self) -> None:
        """Log in and keep the new session. A live older session of the same user is cut."""
        self._session.login()

    def logout(self) -> None:
        """End the session if there is one. Failures are logged, because the session is gone anyway."""
        self._session.logout()

    def close(self) -> None:
        """Log out and drop pooled connections. A later call logs in again."""
        self._session.close()

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
        context = self._session.context(service)
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
        return list(self._list_keys(model, service, firma_kodu, donem_kodu))

    def list_key_array(
        self,
        model: str,
        service: str | None = None,
        firma_kodu: int = 1,
        donem_kodu: int | None = None,
    ) -> array:
        """Return every `_key` of a listing in one call, like `list_keys`, as an `array("q")`.

        A plain key listing is read without a Python object per key, so 1,000,000 keys take
        about 8 MB instead of about 220 MiB. Raises DiaProtocolError for a key beyond 64 bits.
        """
        keys = self._list_keys(model, service, firma_kodu, donem_kodu)
        if isinstance(keys, array):
            return keys

        try:
            return array("q", keys)
        except OverflowError as error:
            context = self._session.context(service or f"{model}_listele")
            raise DiaProtocolError("listing has a _key beyond 64 bits", context=context) from error

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
        body, _ = self._session.call(service, params)
        result = body.get("result")

        # A one-element list is unwrapped too, in case a server returns the record in a list.
        if isinstance(result, list) and len(result) == 1:
            result = result[0]

        if not isinstance(result, dict):
            context = self._session.context(service)
            raise DiaProtocolError(
                f"expected a record object, got {type(result).__name__}", context=context
            )

        return result

    def ekle(
        self, model: str, kart: dict[str, Any], firma_kodu: int, donem_kodu: int | None = None
    ) -> EkleResult:
        """Create a record (`<model>_ekle`) and return its key. Never retried, see `is_replayable`."""
        service = f"{model}_ekle"
        context = self._session.context(service)
        params = _scope_params(firma_kodu, donem_kodu)
        params["kart"] = kart
        body, _ = self._session.call(service, params)

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
        context = self._session.context(service)
        body, _ = self._session.call(service, {})
        result = body.get("result")

        if not isinstance(result, dict) or "kontorsayisi" not in result:
            raise DiaProtocolError("sis_kontor_sorgula response has no result.kontorsayisi", context=context)

        return parse_decimal(result["kontorsayisi"], "kontorsayisi", context)

    def yetkili_firma_donem_sube_depo(self) -> list[Company]:
        """Return the companies the user may see, each with its fiscal periods."""
        service = "sis_yetkili_firma_donem_sube_depo"
        context = self._session.context(service)
        body, _ = self._session.call(service, {})
        return parse_companies(body.get("result"), context)

    def ping(self) -> None:
        """Check that the session is alive (`sis_ping`), renewing it if DIA dropped it."""
        self._session.call("sis_ping", {})

    # Requests

    def _list_keys(
        self, model: str, service: str | None, firma_kodu: int, donem_kodu: int | None
    ) -> array | list[int]:
        service = service or f"{model}_listele"
        context = self._session.context(service)
        params = _list_params(firma_kodu, donem_kodu, None, None, [KEY], 0, 0)
        body, _ = self._session.call(service, params, parse_body=parse_key_listing)
        result = body.get("result")

        if isinstance(result, array):
            return result

        # The body was not a plain key listing: check it row by row.
        rows = _result_rows(result, context)
        keys = []

        for position, row in enumerate(rows):
            if KEY not in row:
                raise DiaProtocolError(f"listing row {position} has no _key", context=context)

            keys.append(parse_key(row[KEY], context))

        return keys

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
        params = _list_params(firma_kodu, donem_kodu, filters, sorts, columns, limit, offset)
        body, calls = self._session.call(service, params)
        return _result_rows(body.get("result"), self._session.context(service)), calls


def _list_params(
    firma_kodu: int,
    donem_kodu: int | None,
    filters: list[dict[str, str]] | None,
    sorts: list[dict[str, str]] | None,
    columns: list[str] | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    params = _scope_params(firma_kodu, donem_kodu)

    # DIA accepts an empty string where a filter, sort or column list is not wanted.
    params["filters"] = filters or ""
    params["sorts"] = sorts or ""
    params["params"] = {"selectedcolumns": columns} if columns else ""
    params["limit"] = limit
    params["offset"] = offset
    return params


def _result_rows(rows: object, context) -> list[dict[str, Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise DiaProtocolError("expected result to be a list of row objects", context=context)

    return rows


def _scope_params(firma_kodu: int, donem_kodu: int | None) -> dict[str, Any]:
    """Return the company and period parameters. Company-wide models are sent no donem_kodu."""
    params: dict[str, Any] = {"firma_kodu": firma_kodu}

    if donem_kodu is not None:
        params["donem_kodu"] = donem_kodu

    return params
