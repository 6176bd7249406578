"""Text that breaks naive loaders, mixed into a small share of generated names.

Real DIA data holds what users type or paste: tabs and line breaks from spreadsheets, backslashes,
the two characters `\\N` (which COPY's text format reads as NULL), quotes, dotted and dotless I,
names longer than 1000 characters and even a NUL character.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

TRICKS: dict[str, Callable[[str], str]] = {
    "tab": lambda text: text.replace(" ", "\t", 1) if " " in text else text + "\tX",
    "newline": lambda text: text + "\nİkinci satır\r\nÜçüncü satır",
    "backslash": lambda text: text + " C:\\Depo\\Arşiv\\",
    "copy_null": lambda text: text + " \\N",
    "quotes": lambda text: f"\"{text}\" 'Tırnaklı' `x`",
    "dotted_i": lambda text: "IŞIK İĞNE ıi " + text,
    "long": lambda text: (text + " ") * (1200 // (len(text) + 1) + 1),
    "nul": lambda text: text + "\x00son",
    "separators": lambda text: text + "; a,b | c",
}


def apply_tricks(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    """Rewrite about `share` of the values with one trick each, cycling through all tricks.

    When the share picks fewer values than there are tricks but the column is long enough,
    extra values are picked so that every trick occurs at least once.
    """
    count = len(values)
    if share <= 0 or count == 0:
        return values
    chosen = np.flatnonzero(rng.random(count) < share)
    if len(chosen) < len(TRICKS) and count >= 20 * len(TRICKS):
        extra = rng.choice(count, size=len(TRICKS), replace=False)
        chosen = np.unique(np.concatenate([chosen, extra]))
    tricks = list(TRICKS.values())
    for order, position in enumerate(chosen.tolist()):
        original = values[position]
        if isinstance(original, str):
            values[position] = tricks[order % len(tricks)](original)
    return values
