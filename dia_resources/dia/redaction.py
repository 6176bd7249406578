"""Masking of passwords, API keys and session ids in text that leaves the client.

DIA echoes parts of a request in some error messages, and its login response carries the
session id in `msg`, so any DIA text bound for a log line or an exception goes through
`Redactor.redact` first. `SessionIdFilter` is a second line of defence on the client's loggers:
it masks anything shaped like a session id that a log call lets through.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "***"

# DIA session ids are 32 lowercase hex digits. Upper case is matched too, because masking a
# harmless hex string costs nothing and a missed session id would be a leak.
SESSION_ID_PATTERN = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])")

# Secrets shorter than this are not searched for in text: masking every "a" or "12" would make
# messages unreadable, and DIA would have to echo the secret for it to show up at all.
MIN_SECRET_CHARS = 4


class Redactor:
    """The secrets of one client, masked wherever they appear in a text.

    Thread-safe: a session renewal may add a session id while another thread redacts.
    """

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()

        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Start masking `secret`. Old session ids stay masked after a renewal."""
        if not secret or len(secret) < MIN_SECRET_CHARS:
            return

        with self._lock:
            self._secrets.add(secret)

    def redact(self, text: str) -> str:
        """Return `text` with every known secret and every session-id-shaped string masked."""
        with self._lock:
            # Longest first, so a secret that contains another one is masked whole.
            secrets = sorted(self._secrets, key=len, reverse=True)

        for secret in secrets:
            text = text.replace(secret, MASK)

        return SESSION_ID_PATTERN.sub(MASK, text)


class SessionIdFilter(logging.Filter):
    """Log filter that masks session-id-shaped strings in a record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = SESSION_ID_PATTERN.sub(MASK, message)

        if masked != message:
            record.msg = masked
            record.args = None

        return True


def get_redacting_logger(name: str) -> logging.Logger:
    """Return `logging.getLogger(name)` with a `SessionIdFilter` attached once."""
    logger = logging.getLogger(name)

    if not any(isinstance(existing, SessionIdFilter) for existing in logger.filters):
        logger.addFilter(SessionIdFilter())

    return logger
