"""Reading a key listing (`_listele` with limit 0 and only `_key`) without a dict per key.

A full key listing of a large table is one response of about 18 bytes per key. Parsed whole,
each key becomes a dict, about 220 MiB for 1,000,000 keys. `parse_key_listing` parses the
`result` array in slices of about 256 KiB instead and keeps only the keys, in an `array("q")`.
It returns None for any body it cannot read that way, and the caller then parses the whole
body as before, so errors and odd bodies are handled exactly as for any other call.
"""

from __future__ import annotations

import re
from array import array
from typing import Any

import orjson

from .paging import KEY

# Bytes of the result array parsed at a time.
SLICE_BYTES = 256 * 1024

_RESULT_ARRAY = re.compile(rb'"result"\s*:\s*\[')

# Stands in for the result array while the rest of the body is parsed, so that the body's
# top-level "result" is distinguished from a "result" nested deeper. Bodies that already
# contain it are left to the whole-body parse.
_PLACEHOLDER = b'"\\u0000key listing"'
_PLACEHOLDER_TEXT = "\x00key listing"


def parse_key_listing(raw: bytes) -> dict[str, Any] | None:
    """Return the body with `result` as an `array("q")` of its keys, or None if it is not plain.

    Plain means: a JSON object whose top-level `result` is an array of objects that each have
    a `_key`, given as a JSON integer (not a boolean) of 64 bits at most. Anything else,
    including DIA error bodies, returns None.
    """
    found = _RESULT_ARRAY.search(raw)
    if found is None or _PLACEHOLDER in raw:
        return None
    start = found.end()
    # The first "]" ends the array only if no key row contains one; if a row does, a slice
    # below fails to parse and the whole body goes to the full parse.
    end = raw.find(b"]", start)
    if end == -1:
        return None

    try:
        body = orjson.loads(raw[: found.start()] + b'"result":' + _PLACEHOLDER + raw[end + 1 :])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(body, dict) or body.get("result") != _PLACEHOLDER_TEXT:
        return None

    keys = _parse_keys(raw, start, end)
    if keys is None:
        return None
    body["result"] = keys
    return body


def _parse_keys(raw: bytes, start: int, end: int) -> array | None:
    """Parse the array elements between `start` and `end` (the bytes inside the brackets)."""
    keys = array("q")
    position = start
    while position < end:
        # Cut after an object's closing brace and its comma. A cut inside a string or a nested
        # value leaves a slice that is not valid JSON, which sends the body to the full parse.
        cut = raw.find(b"},", min(position + SLICE_BYTES, end), end)
        stop = end if cut == -1 else cut + 1
        try:
            rows = orjson.loads(b"[" + raw[position:stop] + b"]")
        except orjson.JSONDecodeError:
            return None
        if not rows and (position != start or cut != -1):
            return None  # a comma with no object after it, which is not JSON
        for row in rows:
            key = _row_key(row)
            if key is None:
                return None
            try:
                keys.append(key)
            except OverflowError:
                return None
        position = stop + 1
    return keys


def _row_key(row: object) -> int | None:
    """Return the row's key as `parse_key` reads it, or None where `parse_key` would raise."""
    value = row.get(KEY) if isinstance(row, dict) else None
    if type(value) is int:
        return value
    if type(value) is str:
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None
