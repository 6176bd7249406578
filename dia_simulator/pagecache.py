"""A bounded cache of encoded listing pages, so that repeated pulls cost almost nothing.

Benchmarks pull the same table several times (once per loader they compare), and encoding is
most of a listing's cost. A page is cached under its model, scope and parsed listing plus the
tenant's change counter. Every advance, write and fault plan change increments that counter and
clears the cache, so a cached page is never served after the data it shows has changed.

A full cache keeps what it has and stores no more pages: a pull reads pages in order, and an
LRU smaller than the table would evict each page just before the next pull requests it again.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

DEFAULT_MAX_BYTES = 1024 * 1024 * 1024


class PageCache:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._pages: dict[Hashable, bytes] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._pages.get(key)
            if body is None:
                self.misses += 1
                return None
            self.hits += 1
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        with self._lock:
            if key in self._pages or self._bytes + len(body) > self.max_bytes:
                return
            self._pages[key] = body
            self._bytes += len(body)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0
