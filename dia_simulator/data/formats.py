"""Turn numpy arrays into the text DIA puts on the wire.

Money and quantities are kept as integers in a fixed unit while generating (kuruş for money,
thousandths for quantities, 1/10000 for unit prices), so that the invoice arithmetic is exact.
They are formatted here as decimal strings with six fraction digits ("335.160000"). The
formatters build whole columns with numpy object arrays, because one Python f-string per value
is too slow for a million rows.

Columns are numpy object arrays of Python str (or int, None). numpy's StringDType would take less
memory, but indexing it and turning it back into Python strings for every page served is ten to
twenty times slower, and serving speed matters more here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

TEXT = np.dtype(object)

# DIA stamps _date and _cdate in Turkey local time without a zone, and so does the simulator.
EPOCH = dt.datetime(1970, 1, 1)

_TIMES_OF_DAY = np.array(
    [f"{value // 3600:02d}:{value // 60 % 60:02d}:{value % 60:02d}" for value in range(86400)], dtype=TEXT
)


@cache
def _fraction_suffixes(scale: int) -> np.ndarray:
    """".00" style suffixes for every fraction with `scale` digits, padded to six digits."""
    return np.array([f".{value:0{scale}d}".ljust(7, "0") for value in range(10**scale)], dtype=TEXT)


def decimals(values: np.ndarray, scale: int) -> np.ndarray:
    """Format integers holding `scale` fraction digits as decimal strings with six digits."""
    values = np.asarray(values, dtype=np.int64)
    unit = 10**scale
    magnitude = np.abs(values)
    whole = int_text(magnitude // unit)
    negative = values < 0
    if negative.any():
        whole[negative] = "-" + whole[negative]
    return whole + _fraction_suffixes(scale)[magnitude % unit]


def decimals_from_cents(cents: np.ndarray) -> np.ndarray:
    return decimals(cents, 2)


def decimal_from_cents(value: int) -> str:
    return str(decimals(np.array([value]), 2)[0])


def decimals_from_milli(milli: np.ndarray) -> np.ndarray:
    return decimals(milli, 3)


def timestamps(seconds: np.ndarray) -> np.ndarray:
    """Format seconds since 1970 as "YYYY-MM-DD HH:MM:SS"."""
    seconds = np.asarray(seconds, dtype=np.int64)
    days, day_index = np.unique(seconds // 86400, return_inverse=True)
    day_text = days.astype("datetime64[D]").astype(str).astype(object) + " "
    return day_text[day_index] + _TIMES_OF_DAY[seconds % 86400]


def timestamp(seconds: int) -> str:
    return (EPOCH + dt.timedelta(seconds=int(seconds))).strftime("%Y-%m-%d %H:%M:%S")


def dates(days: np.ndarray) -> np.ndarray:
    """Format days since 1970 as "YYYY-MM-DD"."""
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype(str).astype(object)


def times(seconds_of_day: np.ndarray) -> np.ndarray:
    return _TIMES_OF_DAY[np.asarray(seconds_of_day, dtype=np.int64) % 86400]


def seconds_of(moment: dt.datetime) -> int:
    return int((moment - EPOCH).total_seconds())


def parse_seconds(text: str) -> int:
    return seconds_of(dt.datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S"))


def days_of(day: dt.date) -> int:
    return (day - EPOCH.date()).days


def pick(values: list[str] | tuple[str, ...] | np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Map an index array onto a pool of strings, sharing one str object per distinct value."""
    pool = values if isinstance(values, np.ndarray) else as_objects(list(values))
    return pool[indices]


def text(values: list | np.ndarray) -> np.ndarray:
    return as_objects(list(values))


def int_text(numbers: np.ndarray) -> np.ndarray:
    return np.asarray(numbers, dtype=np.int64).astype(str).astype(object)


def zero_padded(numbers: np.ndarray, width: int) -> np.ndarray:
    return as_objects([f"{number:0{width}d}" for number in np.asarray(numbers, dtype=np.int64).tolist()])


def as_objects(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def key_values(keys: np.ndarray, string_share: float) -> np.ndarray:
    """Encode keys as DIA does: mostly JSON numbers, a stable share as strings.

    Whether a key is sent as a string depends only on the key, so a record keeps its encoding
    across pages and calls, and a foreign key is encoded like the key it points to.
    """
    keys = np.asarray(keys, dtype=np.int64)
    values = as_objects(keys.tolist())
    if string_share <= 0 or len(keys) == 0:
        return values
    as_string = (keys.astype(np.uint64) * np.uint64(2654435761) % np.uint64(1000)) < int(string_share * 1000)
    values[as_string] = [str(key) for key in keys[as_string].tolist()]
    return values
