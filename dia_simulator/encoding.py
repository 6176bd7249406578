r"""JSON bodies as DIA writes them: the text of Python's `json.dumps` with default separators.

orjson encodes an order of magnitude faster than the json module, but writes either compact
text (`{"a":1,"b":2}`) or indented text. Indented text has a raw line break only between tokens
(line breaks inside strings are escaped as \n), which gives two exact ways to reach `json.dumps`'
", " and ": ":

- Any body (`dumps`): "," + break + indent becomes ", ", other breaks and their indent go.
- Listing pages (`dumps_columns`), several times faster: each column's values are encoded at once
  as an indented flat list, which puts one value per line, so splitting at ",\n  " yields each
  value's JSON text. The rows are then woven from those pieces and the constant key prefixes with
  numpy and one bytes.join, without building a dict per row.

Non-ASCII text is sent as UTF-8; `ascii_only` escapes it as \uXXXX like `json.dumps`' default,
through the slower json module.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import orjson

_COMMA_BREAK = re.compile(rb",\n *")
_BREAK = re.compile(rb"\n *")


def dumps(body: Any, ascii_only: bool = False) -> bytes:
    """Encode like `json.dumps(body)`."""
    if ascii_only:
        return json.dumps(body).encode("ascii")
    text = orjson.dumps(body, option=orjson.OPT_INDENT_2)
    return _BREAK.sub(b"", _COMMA_BREAK.sub(b", ", text))


def _value_texts(values: list[Any]) -> list[bytes]:
    """JSON text of each scalar value in a list."""
    text = orjson.dumps(values, option=orjson.OPT_INDENT_2)
    pieces = text[4:-2].split(b",\n  ")
    if len(pieces) != len(values):
        raise ValueError("column values must be scalars")
    return pieces


def dumps_columns(head: dict[str, Any], names: list[str], columns: list[list[Any]], ascii_only: bool = False) -> bytes:
    """Encode `{**head, "result": rows}` like `json.dumps`, given the rows column by column."""
    count = len(columns[0]) if columns else 0
    if ascii_only or count == 0 or not names:
        rows = [dict(zip(names, values)) for values in zip(*columns)] if names else []
        return dumps({**head, "result": rows}, ascii_only)
    grid = np.empty((count, 2 * len(names)), dtype=object)
    for index, (name, values) in enumerate(zip(names, columns)):
        quoted = orjson.dumps(name)
        grid[:, 2 * index] = b", " + quoted + b": "
        grid[:, 2 * index + 1] = _value_texts(values)
    first_key = orjson.dumps(names[0]) + b": "
    grid[0, 0] = b"{" + first_key
    grid[1:, 0] = b"}, {" + first_key
    prefix = dumps(head)[:-1] + b', "result": [' if head else b'{"result": ['
    return prefix + b"".join(grid.ravel().tolist()) + b"}]}"
