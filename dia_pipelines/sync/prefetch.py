"""Fetch the next pages of a listing in a background thread while the current one is processed.

A page's HTTP round trip and JSON parse mostly wait on the network and run in C without the
GIL, so they overlap well with decoding and staging the page before it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

Item = TypeVar("Item")

# Pages fetched ahead at most: one waiting in the queue and one being fetched.
QUEUE_PAGES = 1

# Seconds between checks of the stop flag while the queue is full.
_PUT_POLL_S = 0.1

_DONE = object()


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


def prefetched(pages: Iterator[Item], name: str = "dia-prefetch") -> Iterator[Item]:
    """Yield the items of ``pages`` in order, fetching up to two ahead in a background thread.

    An exception raised by ``pages`` is raised here at the position it happened. When the
    consumer stops early (an error of its own, or ``close()``), the thread stops after the
    fetch it is in, and this generator waits for that before it returns.
    """
    items: queue.Queue = queue.Queue(maxsize=QUEUE_PAGES)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=_PUT_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            for item in pages:
                if not offer(item):
                    return
            offer(_DONE)
        except BaseException as error:  # handed to the consumer, which raises it
            offer(_Failure(error))
        finally:
            close = getattr(pages, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=fetch, name=name, daemon=True)
    thread.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item
    finally:
        stop.set()
        thread.join()
