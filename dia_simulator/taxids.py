"""Turkish tax numbers: VKN for companies, TCKN for people.

VKN (vergi kimlik numarası) has ten digits, leading zeros allowed. The tenth digit is a check
digit computed by the revenue administration's (GİB) weighting of the first nine. TCKN (T.C.
kimlik numarası) has eleven digits, the first is never 0, and the last two are check digits.
Both generators work on whole numpy arrays so that a million cards take well under a second.
"""

from __future__ import annotations

import numpy as np


def vkn_check_digit(first_nine: str) -> int:
    """Compute the tenth digit of a VKN from its first nine digits."""
    total = 0
    for position, char in enumerate(first_nine):
        shifted = (int(char) + 9 - position) % 10
        weighted = (shifted * 2 ** (9 - position)) % 9
        if shifted != 0 and weighted == 0:
            weighted = 9
        total += weighted
    return (10 - total % 10) % 10


def is_valid_vkn(value: str) -> bool:
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        return False
    return vkn_check_digit(value[:9]) == int(value[9])


def is_valid_tckn(value: str) -> bool:
    if len(value) != 11 or not value.isascii() or not value.isdigit() or value[0] == "0":
        return False
    digits = [int(char) for char in value]
    tenth = (7 * sum(digits[0:9:2]) - sum(digits[1:8:2])) % 10
    eleventh = sum(digits[:10]) % 10
    return digits[9] == tenth and digits[10] == eleventh


def _vkn_check_digits(digits: np.ndarray) -> np.ndarray:
    """Vectorized vkn_check_digit over an (n, 9) array of digits."""
    total = np.zeros(digits.shape[0], dtype=np.int64)
    for position in range(9):
        shifted = (digits[:, position] + 9 - position) % 10
        weighted = (shifted * 2 ** (9 - position)) % 9
        weighted = np.where((shifted != 0) & (weighted == 0), 9, weighted)
        total += weighted
    return (10 - total % 10) % 10


def _tckn_check_digits(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized TCKN check digits over an (n, 9) array whose first column is never 0."""
    odd = digits[:, 0:9:2].sum(axis=1)
    even = digits[:, 1:8:2].sum(axis=1)
    tenth = (7 * odd - even) % 10
    eleventh = (digits.sum(axis=1) + tenth) % 10
    return tenth, eleventh


def _digits_to_text(digits: np.ndarray) -> np.ndarray:
    width = digits.shape[1]
    weights = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    numbers = (digits * weights).sum(axis=1)
    return np.array([f"{number:0{width}d}" for number in numbers.tolist()], dtype=object)


def generate_vkns(rng: np.random.Generator, count: int, invalid_share: float = 0.0) -> np.ndarray:
    """Return `count` VKNs, valid except for about `invalid_share` with a wrong check digit."""
    digits = np.empty((count, 10), dtype=np.int64)
    digits[:, :9] = rng.integers(0, 10, size=(count, 9))
    digits[:, 9] = _vkn_check_digits(digits[:, :9])
    broken = rng.random(count) < invalid_share
    digits[broken, 9] = (digits[broken, 9] + rng.integers(1, 10, size=int(broken.sum()))) % 10
    return _digits_to_text(digits)


def generate_tckns(rng: np.random.Generator, count: int, invalid_share: float = 0.0) -> np.ndarray:
    """Return `count` TCKNs, valid except for about `invalid_share` with a wrong last digit."""
    digits = np.empty((count, 11), dtype=np.int64)
    digits[:, 0] = rng.integers(1, 10, size=count)
    digits[:, 1:9] = rng.integers(0, 10, size=(count, 8))
    digits[:, 9], digits[:, 10] = _tckn_check_digits(digits[:, :9])
    broken = rng.random(count) < invalid_share
    digits[broken, 10] = (digits[broken, 10] + rng.integers(1, 10, size=int(broken.sum()))) % 10
    return _digits_to_text(digits)
