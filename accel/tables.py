"""Lookup tables for the compiled text kernels, generated from accel.rules.

Each table has one entry per Unicode code point (0x110000) and is built on
first use, then cached for the life of the process. Building them from the
running interpreter's ``unicodedata`` keeps the kernels and the references in
agreement. Some blocks of 256 code points contain only unassigned, private-use
or surrogate code points and uncased letters without decomposition. Those
blocks are filled with numpy instead of calling the rule per code point, so a
table builds in 0.1 to 0.5 s (measured on the 2-core development machine).
"""

import functools
import re
import unicodedata

import numpy as np

from accel import rules

CODE_POINTS = 0x110000
BLOCK = 256

# Composing marks the sort-key kernel looks for, in the row order of
# composition_table().
COMPOSING_MARKS = ("\u0306", "\u0307", "\u0308", "\u0327")

# Categories of a block that no rule treats specially: no case, no
# decomposition, no Latin base, not white space, not a digit, not a mark.
_PLAIN_LETTER = {"Lo"}
_NOT_A_CHARACTER = {"Cn", "Co", "Cs"}
# For str patterns, \s matches exactly the characters for which str.isspace() is true.
_WHITE_SPACE = re.compile(r"\s")


def _block_text(start: int) -> str:
    return "".join(map(chr, range(start, start + BLOCK)))


def _block_categories(text: str) -> set[str]:
    return set(map(unicodedata.category, text))


def _is_plain_block(text: str, categories: set[str]) -> bool:
    """Tell whether every rule maps the block's letters by category alone."""
    if not categories <= _PLAIN_LETTER | _NOT_A_CHARACTER:
        return False
    return unicodedata.normalize("NFD", text) == text and _WHITE_SPACE.search(text) is None


def _block_code_points(start: int) -> np.ndarray:
    return np.arange(start, start + BLOCK, dtype=np.uint32)


def _letter_mask(text: str, categories: set[str]) -> np.ndarray:
    """Mark the letters (category Lo) of a plain block; most blocks are all or none."""
    if categories == _PLAIN_LETTER:
        return np.ones(BLOCK, dtype=bool)
    if not categories & _PLAIN_LETTER:
        return np.zeros(BLOCK, dtype=bool)
    return np.array([unicodedata.category(ch) == "Lo" for ch in text])


def _case_table(rule) -> np.ndarray:
    table = np.arange(CODE_POINTS, dtype=np.int32)
    for start in range(0, CODE_POINTS, BLOCK):
        text = _block_text(start)
        if text.upper() == text and text.lower() == text:
            continue
        for offset, char in enumerate(text):
            table[start + offset] = ord(rule(char))
    return table


@functools.cache
def upper_table() -> np.ndarray:
    """Return the code point of each code point's Turkish upper case (accel.rules.upper_char)."""
    return _case_table(rules.upper_char)


@functools.cache
def lower_table() -> np.ndarray:
    """Return the code point of each code point's Turkish lower case (accel.rules.lower_char)."""
    return _case_table(rules.lower_char)


def _pack_weight(weight: bytes) -> int:
    """Pack a one- or four-byte weight into an int; 0 means an ignored character."""
    return int.from_bytes(weight, "big") if weight else 0


@functools.cache
def sort_table() -> np.ndarray:
    """Return each code point's sort weight (accel.rules.sort_weight) packed in a uint32.

    0 is an ignored combining mark, a value below 0x100 is a one-byte weight,
    anything larger is a four-byte weight written big-endian.
    """
    table = np.zeros(CODE_POINTS, dtype=np.uint32)
    for start in range(0, CODE_POINTS, BLOCK):
        text = _block_text(start)
        categories = _block_categories(text)
        if _is_plain_block(text, categories):
            is_letter = _letter_mask(text, categories)
            groups = np.where(is_letter, rules.OTHER_LETTER_GROUP, rules.SYMBOL_GROUP)
            table[start : start + BLOCK] = (groups.astype(np.uint32) << 24) | _block_code_points(start)
            continue
        for offset, char in enumerate(text):
            table[start + offset] = _pack_weight(rules.sort_weight(char))
    return table


@functools.cache
def composition_table() -> np.ndarray:
    """Return uint8[len(COMPOSING_MARKS), 256]: the weight a mark forms with a letter weight, or 0."""
    table = np.zeros((len(COMPOSING_MARKS), 256), dtype=np.uint8)
    for row, mark in enumerate(COMPOSING_MARKS):
        for index in range(len(rules.SORT_LETTERS)):
            weight = rules.LETTER_WEIGHT_BASE + index
            table[row, weight] = rules.composed_weight(weight, mark) or 0
    return table


@functools.cache
def match_table() -> np.ndarray:
    """Return each code point's match-key character (accel.rules.match_char) as an int32.

    -1 drops the character; 0x20 is white space, which the kernel collapses.
    """
    table = np.full(CODE_POINTS, -1, dtype=np.int32)
    for start in range(0, CODE_POINTS, BLOCK):
        text = _block_text(start)
        categories = _block_categories(text)
        if _is_plain_block(text, categories):
            is_letter = _letter_mask(text, categories)
            table[start : start + BLOCK] = np.where(is_letter, _block_code_points(start), -1)
            continue
        for offset, char in enumerate(text):
            folded = rules.match_char(char)
            table[start + offset] = ord(folded) if folded else -1
    return table
