"""A tiny DIA stand-in on 127.0.0.1 for fault cases the simulator cannot produce on demand.

Each test scripts the replies per service. Login and logout behave like DIA unless scripted,
so the client's session handling runs as it would against a real server.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

# Upper bound on how long one trickled or stalled reply may keep a handler thread busy.
MAX_SLOW_REPLY_SECONDS = 5.0


@dataclass
class Reply:
    """One scripted HTTP reply."""

    body: Any = field(default_factory=lambda: {"code": "200", "msg": "", "result": []})
    status: int = 200
    content_type: str = "application/json"
    # Seconds between single bytes of the body, for a trickling server.
    trickle_interval: float | None = None
    # Seconds to wait after the headers before sending the body, for a stalled server.
    stall: float = 0.0
    # Send only this many body bytes while declaring the full length, then close.
    cut_after: int | None = None
    # Close the connection without any reply.
    drop: bool = False

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body

        if isinstance(self.body, str):
            return self.body.encode()

        return json.dumps(self.body).encode()


@dataclass
class Received:
    path: str
    service: str
    params: dict[str, Any]


class StubDia:
    """Scripted replies per service, and a log of every request received."""

    def __init__(self) -> None:
        # Session ids handed out by login, newest last. Each login makes a new one, as DIA does.
        self.sessions: list[str] = []
        self.expired: set[str] = set()
        self.received: list[Received] = []
        self._scripts: dict[str, deque[Reply]] = defaultdict(deque)
        self._defaults: dict[str, Reply | Callable[[dict[str, Any]], Reply]] = {}
        self._lock = threading.Lock()

    def script(self, service: str, *replies: Reply) -> None:
        """Queue replies for the next calls of `service`, used once each in order."""
        with self._lock:
            self._scripts[service].extend(replies)

    def always(self, service: str, reply: Reply | Callable[[dict[str, Any]], Reply]) -> None:
        """Reply to every call of `service` with `reply` once its queue is empty.

        `reply` may be a function of the call's params, for replies that echo the request.
        """
        with self._lock:
            self._defaults[service] = reply

    def expire_sessions(self) -> None:
        """Make every session handed out so far get 419, as after DIA's idle timeout."""
        with self._lock:
            self.expired.update(self.sessions)

    def calls(self, service: str) -> int:
        with self._lock:
            return sum(1 for request in self.received if request.service == service)

    def reply_for(self, path: str, service: str, params: dict[str, Any]) -> Reply:
        with self._lock:
            self.received.append(Received(path, service, params))
            queue = self._scripts[service]

            if service not in ("login", "logout") and params.get("session_id") in self.expired:
                return Reply({"code": "419", "msg": "LOGIN_TIMEOUT"})

            if queue:
                return queue.popleft()

            default = self._defaults.get(service)

        if callable(default):
            return default(params)

        if default is not None:
            return default

        if service == "login":
            session_id = secrets.token_hex(16)

            with self._lock:
                self.sessions.append(session_id)

            return Reply({"code": "200", "msg": session_id})

        return Reply({"code": "200", "msg": "", "result": []})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _StubHttpServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length))
        (service, params), = request.items()
        reply = self.server.dia.reply_for(self.path, service, params)

        if reply.drop:
            self.close_connection = True
            return

        body = reply.encoded()
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body)))

        if reply.cut_after is not None:
            self.send_header("Connection", "close")
            self.close_connection = True

        self.end_headers()
        self.wfile.flush()
        self._write_body(reply, body)

    def _write_body(self, reply: Reply, body: bytes) -> None:
        try:
            if reply.stall:
                time.sleep(min(reply.stall, MAX_SLOW_REPLY_SECONDS))

            if reply.cut_after is not None:
                self.wfile.write(body[: reply.cut_after])
                self.wfile.flush()
                return

            if reply.trickle_interval is None:
                self.wfile.write(body)
                return

            stop_at = time.monotonic() + MAX_SLOW_REPLY_SECONDS

            for position in range(len(body)):
                if time.monotonic() > stop_at:
                    break

                self.wfile.write(body[position : position + 1])
                self.wfile.flush()
                time.sleep(reply.trickle_interval)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up on the reply, which is what the deadline tests expect.
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class _StubHttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, dia: StubDia) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.dia = dia


class StubServer:
    """A `StubDia` served over HTTP on a free loopback port, in a background thread."""

    def __init__(self) -> None:
        self.dia = StubDia()
        self._http = _StubHttpServer(self.dia)
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host}:{port}/stub"

    def start(self) -> StubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)
