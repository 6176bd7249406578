"""Per-character rules of the Turkish text kernels.

Each rule maps one character, using Python's ``unicodedata`` of the running
interpreter. The lookup tables of the compiled kernels are generated from these
functions (accel.tables), and the plain-Python references in accel.reference
apply them character by character, so both read one definition.
"""

import unicodedata

# Turkish has two i's: dotted i/İ and dotless ı/I. Unicode's default mapping
# pairs i with I, which is wrong for Turkish text.
TURKISH_UPPER = {"i": "İ", "ı": "I"}
TURKISH_LOWER = {"I": "ı", "İ": "i"}

# The Turkish alphabet (29 letters) with Q, W and X at their Latin places, in
# sort order. A letter's sort weight is 0x20 plus its index here.
SORT_LETTERS = "ABCÇDEFGĞHIİJKLMNOÖPQRSŞTUÜVWXYZ"
LETTER_WEIGHT_BASE = 0x20
DIGIT_WEIGHT_BASE = 0x10
SPACE_WEIGHT = 0x01
# Four-byte weights: the group byte, then the code point in three bytes.
SYMBOL_GROUP = 0x02
OTHER_LETTER_GROUP = 0xF0

# Combining marks that turn the letter before them into a Turkish letter, so
# decomposed text ("C" + U+0327) sorts like the precomposed letter ("Ç").
TURKISH_COMPOSITIONS = {
    ("C", "\u0327"): "Ç",
    ("S", "\u0327"): "Ş",
    ("G", "\u0306"): "Ğ",
    ("I", "\u0307"): "İ",
    ("O", "\u0308"): "Ö",
    ("U", "\u0308"): "Ü",
}

ASCII_DIGITS = "0123456789"
ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def upper_char(char: str) -> str:
    """Return the Turkish upper case of one character, always one character.

    Characters whose Unicode upper case is longer than one character (ß, ŉ)
    stay as they are.
    """
    if char in TURKISH_UPPER:
        return TURKISH_UPPER[char]
    upper = char.upper()
    return upper if len(upper) == 1 else char


def lower_char(char: str) -> str:
    """Return the Turkish lower case of one character, always one character."""
    if char in TURKISH_LOWER:
        return TURKISH_LOWER[char]
    lower = char.lower()
    return lower if len(lower) == 1 else char


def latin_base(char: str) -> str | None:
    """Return the ASCII letter a precomposed Latin letter decomposes to (é -> e), else None."""
    base = unicodedata.normalize("NFD", char)[0]
    return base if base in ASCII_LETTERS else None


def sort_weight(char: str) -> bytes:
    """Return the sort-key bytes of one character; empty for an ignored combining mark.

    Order of the groups: white space, punctuation and symbols (by code point),
    ASCII digits, letters in Turkish order, then every other letter or number
    (by the code point of its upper case).
    """
    if char.isspace():
        return bytes([SPACE_WEIGHT])
    if char in ASCII_DIGITS:
        return bytes([DIGIT_WEIGHT_BASE + ASCII_DIGITS.index(char)])

    upper = upper_char(char)
    if upper in SORT_LETTERS:
        return bytes([LETTER_WEIGHT_BASE + SORT_LETTERS.index(upper)])

    category = unicodedata.category(char)
    if category[0] == "M":
        return b""
    if category[0] == "L":
        # Other Latin letters sort as their base letter, read the Turkish way
        # through the lower case, so Î (î = i + circumflex) sorts as İ.
        base = latin_base(lower_char(char))
        if base is not None:
            return bytes([LETTER_WEIGHT_BASE + SORT_LETTERS.index(upper_char(base))])
        return bytes([OTHER_LETTER_GROUP]) + ord(upper).to_bytes(3, "big")
    if category[0] == "N":
        return bytes([OTHER_LETTER_GROUP]) + ord(char).to_bytes(3, "big")
    return bytes([SYMBOL_GROUP]) + ord(char).to_bytes(3, "big")


def composed_weight(letter_weight: int, mark: str) -> int | None:
    """Return the weight of the Turkish letter a mark forms with the letter before it, if any."""
    letter = SORT_LETTERS[letter_weight - LETTER_WEIGHT_BASE]
    composed = TURKISH_COMPOSITIONS.get((letter, mark))
    if composed is None:
        return None
    return LETTER_WEIGHT_BASE + SORT_LETTERS.index(composed)


def match_char(char: str) -> str:
    """Return what one character becomes in a match key.

    " " for white space (the caller collapses and trims runs), "" for a dropped
    character (punctuation, symbols, combining marks, control and unassigned
    code points), otherwise the Turkish upper case folded to ASCII where the
    letter is a Latin letter with diacritics (Ç -> C, İ -> I, Â -> A, É -> E).
    """
    if char.isspace():
        return " "
    if unicodedata.category(char)[0] not in "LN":
        return ""

    upper = upper_char(char)
    base = latin_base(upper)
    if base is not None:
        return base.upper()
    return upper
