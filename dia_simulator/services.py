"""The DIA services: one function per call kind, returning the body DIA would send.

The HTTP layer (server.py) decides the tenant and the service and applies transport faults;
this module checks the session, charges kontör and runs the call. Body codes follow the error
table of the DIA protocol notes; codes for cases DIA does not document are marked where chosen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from . import writes
from .accounting import FREE_SERVICES
from .data.models import MODELS, MODELS_BY_LISTING_SERVICE, ModelSpec
from .data.table import Table
from .encoding import dumps, dumps_columns
from .faults import corrupt_columns
from .query import QueryError, column_values, parse_listing, select_positions
from .sessions import LoginRefused, SessionState
from .state import TenantState

log = logging.getLogger(__name__)


@dataclass
class Reply:
    body: bytes
    http_status: int = 200


def error(code: str, message: str, state: TenantState | None = None) -> Reply:
    return Reply(dumps({"code": code, "msg": message}, state.ascii_only if state else False))


def ok(state: TenantState, **fields: Any) -> Reply:
    return Reply(dumps({"code": "200", "msg": "", **fields}, state.ascii_only))


def module_of(service: str) -> str:
    return "sis" if service in FREE_SERVICES else service.split("_", 1)[0]


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "t", "e", "yes")


def login(state: TenantState, params: dict[str, Any]) -> Reply:
    options = params.get("params") if isinstance(params.get("params"), dict) else {}
    if params.get("username") != state.username or params.get("password") != state.password:
        return error("401", "NOUSER", state)
    # NOTE: DIA's response to a wrong API key is not documented, so this code and text are our choice.
    if options.get("apikey") != state.api_key:
        return error("401", "INVALID_APIKEY", state)
    try:
        session_id = state.sessions.login(state.username, _as_bool(params.get("disconnect_same_user", False)))
    except LoginRefused:
        # NOTE: DIA's response is also undocumented when the user is logged in elsewhere and
        # disconnect_same_user is false.
        return error("401", "USER_ALREADY_LOGGED_IN", state)
    return Reply(dumps({"code": "200", "msg": session_id, "warnings": []}, state.ascii_only))


def handle(state: TenantState, service: str, params: dict[str, Any], fail_501: bool = False) -> Reply:
    """Run one call for a tenant whose server offers `service`."""
    if service == "login":
        return login(state, params)
    session_id = str(params.get("session_id") or "")
    if service == "logout":
        state.sessions.logout(session_id)
        return ok(state)

    session_state, _user = state.sessions.use(session_id)
    if session_state is SessionState.EXPIRED:
        return error("419", "LOGIN_TIMEOUT", state)
    if session_state is SessionState.INVALID:
        return error("401", "INVALID_SESSION", state)
    if not state.kontor.charge(state.faults.plan.credit_floor):
        return error("406", "CREDIT_ERROR: kontör yetersiz", state)
    if fail_501:
        return error("501", "Beklenmeyen bir hata oluştu (simulated)", state)

    try:
        return _dispatch(state, service, params)
    except QueryError as exc:
        log.info("tenant %s: %s rejected as invalid: %s", state.server_code, service, exc)
        return error("400", str(exc), state)
    except writes.WriteError as exc:
        log.info("tenant %s: %s failed: %s", state.server_code, service, exc)
        return error("500", str(exc), state)


def _dispatch(state: TenantState, service: str, params: dict[str, Any]) -> Reply:
    if service == "sis_ping":
        return ok(state)
    if service == "sis_kontor_sorgula":
        return ok(state, result={"kontorsayisi": float(state.kontor.remaining())})
    if service == "sis_yetkili_firma_donem_sube_depo":
        with state.lock:
            companies = _companies(state)
        return ok(state, result=companies)
    if service in MODELS_BY_LISTING_SERVICE:
        return listele(state, MODELS_BY_LISTING_SERVICE[service], params)
    model, _, verb = service.rpartition("_")
    if verb == "getir":
        return getir(state, MODELS[model], params)
    if verb == "ekle":
        with state.lock:
            key, extra = writes.ekle(state.data, MODELS[model], params)
            state.note_change()
        return ok(state, key=key, extra=extra)
    raise QueryError(f"service {service} is not implemented by the simulator")


def resolve_table(state: TenantState, spec: ModelSpec, params: dict[str, Any]) -> Table:
    """Find the table a call addresses by firma_kodu (and donem_kodu for documents)."""
    try:
        firma_kodu = int(params.get("firma_kodu"))
    except (TypeError, ValueError):
        raise QueryError(f"firma_kodu must be an integer, got {params.get('firma_kodu')!r}") from None
    company = state.data.company(firma_kodu)
    if company is None:
        raise QueryError(f"firma_kodu {firma_kodu} is not a company this user may see")
    donem_kodu = None
    if spec.period_scoped:
        try:
            donem_kodu = int(params.get("donem_kodu"))
        except (TypeError, ValueError):
            raise QueryError(f"{spec.model} is kept per period: donem_kodu must be an integer") from None
        if company.period(donem_kodu) is None:
            raise QueryError(f"donem_kodu {donem_kodu} is not a period of firma_kodu {firma_kodu}")
    table = state.data.table(spec.model, firma_kodu, donem_kodu)
    if table is None:
        table = writes.empty_table(spec)
        state.data.tables[(spec.model, firma_kodu, donem_kodu)] = table
    return table


def listele(state: TenantState, spec: ModelSpec, params: dict[str, Any]) -> Reply:
    listing = parse_listing(params, spec)
    plan = state.faults.plan
    with state.lock:
        table = resolve_table(state, spec, params)
        cache_key = (spec.model, params.get("firma_kodu"), params.get("donem_kodu"), listing, state.change_count)
        cached = state.pages.get(cache_key)
        if cached is not None:
            return Reply(cached)
        positions = select_positions(table, spec, listing)
        names = list(listing.columns) if listing.columns is not None else table.column_names
        columns = column_values(table, positions, names)
        keys = table.keys[positions].tolist() if plan.bad_row_share > 0 else []
    corrupt_columns(names, columns, keys, spec, plan)
    body = dumps_columns({"code": "200", "msg": ""}, names, columns, state.ascii_only)
    state.pages.put(cache_key, body)
    return Reply(body)


def getir(state: TenantState, spec: ModelSpec, params: dict[str, Any]) -> Reply:
    try:
        key = int(params.get("key"))
    except (TypeError, ValueError):
        raise QueryError(f"key must be an integer, got {params.get('key')!r}") from None
    with state.lock:
        table = resolve_table(state, spec, params)
        position = table.position(key)
        if position is None:
            return error("500", f"{spec.model} record {key} not found", state)
        record = table.row(position)
        if spec.model == "scf_fatura":
            record["m_kalemler"] = writes.invoice_lines(state.data, params, key)
    return ok(state, result=record)


def _companies(state: TenantState) -> list[dict[str, Any]]:
    result = []
    for company in state.data.companies:
        branches = state.data.table("sis_sube", company.firma_kodu)
        depots = state.data.table("sis_depo", company.firma_kodu)
        subeler = []
        for position in range(len(branches) if branches is not None else 0):
            branch_key = int(branches.keys[position])
            depot_positions = [
                index for index, value in enumerate(depots.columns["_key_sis_sube"].tolist()) if int(value) == branch_key
            ] if depots is not None else []
            subeler.append({
                "_key": branches.columns["_key"][position],
                "subekodu": branches.columns["subekodu"][position],
                "subeadi": branches.columns["subeadi"][position],
                "depolar": [
                    {"_key": depots.columns["_key"][index], "depokodu": depots.columns["depokodu"][index],
                     "depoadi": depots.columns["depoadi"][index]}
                    for index in depot_positions
                ],
            })
        result.append({
            "firmakodu": company.firma_kodu,
            "firmaadi": company.firmaadi,
            "donemler": [
                {
                    "donemkodu": period.donemkodu,
                    "gorunendonemkodu": period.gorunendonemkodu,
                    "baslangictarihi": period.baslangictarihi.isoformat(),
                    "bitistarihi": period.bitistarihi.isoformat(),
                    "ontanimli": "t" if period.ontanimli else "f",
                }
                for period in company.periods
            ],
            "subeler": subeler,
        })
    return result

