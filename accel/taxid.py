"""Check-digit validation of Turkish tax numbers.

VKN (Vergi Kimlik Numarası) identifies companies: 10 digits, leading zeros
allowed, the last digit a check digit. TCKN (T.C. Kimlik Numarası) identifies
people, who also use it as their tax number: 11 digits, the first not 0, the
last two check digits. Input is text, never integers, because an integer loses
a VKN's leading zeros. Anything other than exactly 10 or 11 ASCII digits is
invalid, including surrounding spaces, so trim the text first if needed.
"""

import polars as pl

from accel import _taxid
from accel._validation import require_string


def vkn_valid(s: pl.Series) -> pl.Series:
    """Return a Boolean Series: is each value a VKN with a correct check digit? Null stays null.

    For each of the first nine digits d at position i (0-based), t = (d + 9 - i) % 10;
    a non-zero t becomes t * 2**(9 - i) % 9, or 9 when that is 0. The tenth digit
    is (10 - sum % 10) % 10.
    """
    series = require_string(s, "vkn_valid")
    return pl.Series(_taxid.check_tax_ids(series, "vkn")).alias(series.name)


def tckn_valid(s: pl.Series) -> pl.Series:
    """Return a Boolean Series: is each value a TCKN with correct check digits? Null stays null.

    Digit 10 is (7 * (d1 + d3 + d5 + d7 + d9) - (d2 + d4 + d6 + d8)) mod 10 and
    digit 11 is (d1 + ... + d10) mod 10; the first digit must not be 0.
    """
    series = require_string(s, "tckn_valid")
    return pl.Series(_taxid.check_tax_ids(series, "tckn")).alias(series.name)


def tax_id_kind(s: pl.Series) -> pl.Series:
    """Return a String Series: "vkn" or "tckn" for a valid number of that kind, else null."""
    series = require_string(s, "tax_id_kind")
    return pl.Series(_taxid.classify_tax_ids(series)).alias(series.name)
