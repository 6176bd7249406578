"""Column storage for one model in one company (and period): the rows a listing reads.

Each column is a numpy object array holding the values exactly as they go on the wire (strings,
ints, None). Keys are also kept as a sorted int64 array, so that key paging (`_key > X` sorted by
`_key`) is a binary search plus a slice. New records always get larger keys than existing ones,
which keeps the array sorted on append.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class Table:
    def __init__(self, model: str, keys: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        self.model = model
        self.keys = np.asarray(keys, dtype=np.int64)
        self.columns = columns
        for name, values in columns.items():
            if len(values) != len(self.keys):
                raise ValueError(f"{model}.{name} has {len(values)} values for {len(self.keys)} keys")
        if len(self.keys) > 1 and not bool(np.all(self.keys[1:] > self.keys[:-1])):
            raise ValueError(f"{model} keys must be strictly increasing")

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def column_names(self) -> list[str]:
        return list(self.columns)

    def position(self, key: int) -> int | None:
        """Row position of a key, or None when no row has it."""
        index = int(np.searchsorted(self.keys, key))
        if index < len(self.keys) and int(self.keys[index]) == key:
            return index
        return None

    def positions(self, keys: np.ndarray) -> np.ndarray:
        """Row positions of keys that are all known to exist."""
        return np.searchsorted(self.keys, np.asarray(keys, dtype=np.int64))

    def row(self, position: int) -> dict[str, Any]:
        return {name: values[position] for name, values in self.columns.items()}

    def column_at(self, name: str, positions: np.ndarray) -> np.ndarray:
        return self.columns[name][positions]

    def set_values(self, name: str, positions: np.ndarray, values: np.ndarray | list) -> None:
        column = self.columns[name]
        column[positions] = np.asarray(values, dtype=column.dtype)

    def append(self, keys: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        if len(keys) == 0:
            return
        if len(self.keys) and int(keys[0]) <= int(self.keys[-1]):
            raise ValueError(f"new {self.model} keys must be larger than existing ones")
        missing = set(self.columns) - set(columns)
        if missing:
            raise ValueError(f"new {self.model} rows lack columns {sorted(missing)}")
        self.keys = np.concatenate([self.keys, keys])
        for name in self.columns:
            old = self.columns[name]
            self.columns[name] = np.concatenate([old, np.asarray(columns[name], dtype=old.dtype)])

    def delete(self, positions: np.ndarray) -> None:
        keep = np.ones(len(self.keys), dtype=bool)
        keep[np.asarray(positions, dtype=np.int64)] = False
        self.keys = self.keys[keep]
        for name in self.columns:
            self.columns[name] = self.columns[name][keep]
