"""JSON bodies as DIA writes them: the text of Python's `json.dumps` with default separators.

orjson encodes an order of magnitude faster than the json module, but writes compact text
(`{"a":1,"b":2}`). Two ways turn that into `json.dumps`' ", " and ": ":

- Any body: orjson's indented text has a raw line break only between tokens (breaks inside
  strings are escaped as \\n), so "," + break + indent becomes ", " and other breaks and their
  indent are dropped.
- Listing pages, many times faster: every row has the same known column names. In compact JSON a
  quote that follows a comma or a brace is never escaped, so it opens a string, and `,"name":`
  can only be the separator before the key `name`; the same holds for `{"name":` and the
  `},{"first":` between rows. Replacing exactly those byte patterns is exact for any content.

Non-ASCII text is sent as UTF-8; `ascii_only` escapes it as \\uXXXX like `json.dumps`' default,
through the slower json module.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_COMMA_BREAK = re.compile(rb",\n *")
_BREAK = re.compile(rb"\n *")


def dumps(body: Any, ascii_only: bool = False) -> bytes:
    """Encode like `json.dumps(body)`."""
    if ascii_only:
        return json.dumps(body).encode("ascii")
    text = orjson.dumps(body, option=orjson.OPT_INDENT_2)
    return _BREAK.sub(b"", _COMMA_BREAK.sub(b", ", text))


def dumps_rows(head: dict[str, Any], rows: list[dict[str, Any]], columns: list[str], ascii_only: bool = False) -> bytes:
    """Encode `{**head, "result": rows}` like `json.dumps`, where every row has `columns` in order."""
    if ascii_only or not rows:
        return dumps({**head, "result": rows}, ascii_only)
    text = orjson.dumps(rows)
    first = orjson.dumps(columns[0])
    text = text.replace(b'},{' + first + b':', b'}, {' + first + b': ')
    text = text.replace(b'[{' + first + b':', b'[{' + first + b': ', 1)
    for name in columns[1:]:
        quoted = orjson.dumps(name)
        text = text.replace(b',' + quoted + b':', b', ' + quoted + b': ')
    prefix = dumps(head)[:-1] + b', "result": ' if head else b'{"result": '
    return prefix + text + b"}"
