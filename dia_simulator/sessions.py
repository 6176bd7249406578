"""DIA sessions: one live session per user, an idle timeout, and kick-out on a second login.

Session ids are 32 lowercase hex characters, as DIA sends them in `msg`. A session that idled
past the timeout answers 419 (LOGIN_TIMEOUT) until the user logs in again. A session cut by a
newer login of the same user answers 401 INVALID_SESSION, like an unknown id.
"""

from __future__ import annotations

import enum
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


class SessionState(enum.Enum):
    LIVE = "live"
    EXPIRED = "expired"  # body code 419
    INVALID = "invalid"  # body code 401, msg INVALID_SESSION


class LoginRefused(Exception):
    """The user already has a live session and the login did not ask to cut it."""


@dataclass
class _Session:
    username: str
    last_used: float
    expired: bool = False


class SessionStore:
    def __init__(self, idle_timeout: float = 3600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_timeout = idle_timeout
        self._clock = clock
        self._sessions: dict[str, _Session] = {}
        self._live_by_user: dict[str, str] = {}
        self._lock = threading.Lock()

    def login(self, username: str, disconnect_same_user: bool) -> str:
        """Open a session; cut the user's live one if asked, else raise LoginRefused."""
        with self._lock:
            current = self._live_by_user.get(username)
            if current is not None and self._state_locked(current) is SessionState.LIVE:
                if not disconnect_same_user:
                    raise LoginRefused(username)
            if current is not None:
                self._sessions.pop(current, None)
            session_id = secrets.token_hex(16)
            self._sessions[session_id] = _Session(username, self._clock())
            self._live_by_user[username] = session_id
            return session_id

    def _state_locked(self, session_id: str) -> SessionState:
        session = self._sessions.get(session_id)
        if session is None:
            return SessionState.INVALID
        if session.expired or self._clock() - session.last_used > self.idle_timeout:
            session.expired = True
            return SessionState.EXPIRED
        return SessionState.LIVE

    def use(self, session_id: str) -> tuple[SessionState, str | None]:
        """Check a session for a call and restart its idle timer; return its state and user."""
        with self._lock:
            state = self._state_locked(session_id)
            session = self._sessions.get(session_id)
            if state is SessionState.LIVE and session is not None:
                session.last_used = self._clock()
                return state, session.username
            return state, session.username if session else None

    def logout(self, session_id: str) -> None:
        with self._lock:
            session = self._sessions.pop(session_id, None)
            if session is not None and self._live_by_user.get(session.username) == session_id:
                del self._live_by_user[session.username]

    def expire(self, session_id: str) -> None:
        """Make a session time out now (fault injection)."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                session.expired = True

    def kick(self, session_id: str) -> None:
        """Cut a session as a login from elsewhere would (fault injection)."""
        with self._lock:
            session = self._sessions.pop(session_id, None)
            if session is not None and self._live_by_user.get(session.username) == session_id:
                del self._live_by_user[session.username]

    def live_count(self) -> int:
        with self._lock:
            return sum(1 for session_id in self._sessions if self._state_locked(session_id) is SessionState.LIVE)
