"""The HTTP side: `POST /<server_code>/api/v3/<module>/json`, plus loopback-only admin calls.

Each request body has one root key, the service name. A service the tenant's server does not
offer, or one posted to the wrong module, answers HTTP 404. Transport faults (slow, trickling,
dropped, HTML or truncated answers) are applied here, after the call ran.

Admin endpoints exist only in the simulator (real DIA has nothing like them) and answer only
clients on a loopback address:
- `GET /_admin/tenants`: every tenant's server code, URL, credentials and companies.
- `POST /_admin/advance` with `{"server_code", "seconds", "update_share", "insert_share",
  "delete_share", "models", "firma_kodu"}`: runs `Simulator.advance` and returns the changed keys.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import orjson

from . import services
from .encoding import dumps
from .faults import Fault

if TYPE_CHECKING:
    from .simulator import Simulator

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024 * 1024
TRICKLE_PIECES = 20
HTML_ERROR_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class DiaHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], simulator: Simulator) -> None:
        self.simulator = simulator
        super().__init__(address, DiaRequestHandler)


class DiaRequestHandler(BaseHTTPRequestHandler):
    server: DiaHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as clients with a connection pool expect
    # Headers and body go out in separate writes; with Nagle's algorithm the body would wait
    # for the client's delayed ACK (about 40 ms on Linux) on every keep-alive call.
    disable_nagle_algorithm = True
    server_version = "DiaSimulator/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (name fixed by the base class)
        log.debug("%s %s", self.address_string(), format % args)

    # ---- plumbing ---------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8",
              faults: list[Fault] = ()) -> None:
        kinds = {fault.kind: fault for fault in faults}
        if "drop" in kinds:
            self._drop()
            return
        if "html" in kinds:
            status, body, content_type = 502, HTML_ERROR_PAGE, "text/html"
        if "slow" in kinds:
            time.sleep(kinds["slow"].seconds)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if "truncate" in kinds:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self._drop()
            return
        if "trickle" in kinds:
            self._trickle(body, kinds["trickle"].seconds)
            return
        self.wfile.write(body)

    def _trickle(self, body: bytes, seconds: float) -> None:
        piece = max(1, -(-len(body) // TRICKLE_PIECES))
        pause = seconds / TRICKLE_PIECES
        for start in range(0, len(body), piece):
            self.wfile.write(body[start:start + piece])
            self.wfile.flush()
            time.sleep(pause)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _is_loopback_client(self) -> bool:
        try:
            return ipaddress.ip_address(self.client_address[0]).is_loopback
        except ValueError:
            return False

    def _read_body(self) -> bytes:
        """Read the whole request body first, so that a keep-alive connection stays in step."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            raise ValueError(f"request body of {length} bytes exceeds {MAX_BODY_BYTES}")
        return self.rfile.read(length) if length > 0 else b""

    @staticmethod
    def _parse_json(raw: bytes) -> Any:
        return orjson.loads(raw) if raw else None

    def _not_found(self, message: str) -> None:
        log.info("HTTP 404 for %s: %s", self.client_address[0], message)
        self._send(404, dumps({"code": "404", "msg": message}))

    def _invalid(self, message: str, status: int = 200) -> None:
        log.info("invalid request from %s to %s: %s", self.client_address[0], self.path, message)
        self._send(status, dumps({"code": "400", "msg": message}))

    # ---- routes -----------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (name fixed by http.server)
        if self.path.rstrip("/") == "/_admin/tenants" and self._is_loopback_client():
            self._send(200, dumps(self.server.simulator.describe()))
            return
        self._not_found(f"no such resource: GET {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        try:
            raw = self._read_body()
        except ValueError as exc:
            self._invalid(str(exc), 413)
            return
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        if parts[:1] == ["_admin"]:
            self._admin(parts[1:], raw)
            return
        if len(parts) != 5 or parts[1:3] != ["api", "v3"] or parts[4] != "json":
            self._not_found(f"no such resource: POST {self.path}")
            return
        server_code, module = parts[0], parts[3]
        state = self.server.simulator.state_of(server_code)
        if state is None:
            self._not_found(f"unknown server {server_code!r}")
            return
        try:
            request = self._parse_json(raw)
        except ValueError as exc:
            self._invalid(f"invalid JSON body: {str(exc)[:200]}")
            return
        if not isinstance(request, dict) or len(request) != 1:
            self._invalid("the body must be an object with exactly one root key, the service name")
            return
        service, params = next(iter(request.items()))
        if not isinstance(params, dict):
            self._invalid(f"parameters of {service} must be an object")
            return
        if not state.offers(service) or services.module_of(service) != module:
            self._not_found(f"service {service} not found on /api/v3/{module}/json")
            return
        self._call(state, service, params)

    def _call(self, state: Any, service: str, params: dict[str, Any]) -> None:
        faults = state.faults.decide(service)
        session_id = str(params.get("session_id") or "")
        for fault in faults:
            if fault.kind == "expire":
                state.sessions.expire(session_id)
            elif fault.kind == "kick":
                state.sessions.kick(session_id)
        if faults:
            log.info("tenant %s: faults %s on %s", state.server_code, [fault.kind for fault in faults], service)
        state.calls += 1
        reply = services.handle(state, service, params, fail_501=any(fault.kind == "501" for fault in faults))
        self._send(reply.http_status, reply.body, faults=faults)

    def _admin(self, parts: list[str], raw: bytes) -> None:
        if not self._is_loopback_client():
            self._not_found("admin endpoints answer only loopback clients")
            return
        try:
            request = self._parse_json(raw) or {}
        except ValueError as exc:
            self._invalid(f"invalid JSON body: {exc}", 400)
            return
        if parts == ["advance"]:
            try:
                changes = self.server.simulator.advance(
                    str(request["server_code"]),
                    seconds=float(request.get("seconds", 86400)),
                    update_share=float(request.get("update_share", 0.05)),
                    insert_share=float(request.get("insert_share", 0.02)),
                    delete_share=float(request.get("delete_share", 0.01)),
                    models=request.get("models"),
                    firma_kodu=int(request["firma_kodu"]) if request.get("firma_kodu") is not None else None,
                )
            except (KeyError, ValueError) as exc:
                self._invalid(f"invalid advance request: {exc}", 400)
                return
            self._send(200, dumps({"code": "200", "msg": "", "result": changes.as_dict()}))
            return
        self._not_found(f"no such admin endpoint: {'/'.join(parts)}")
