"""Turkish text kernels: case mapping, sort keys and match keys.

Each function takes a String Series and returns a new Series of the same
length and name, with nulls kept as nulls. The character rules are in
accel.rules; the first call of each function builds its lookup table
(accel.tables), which takes up to about half a second.
"""

import polars as pl

from accel import _casing, _collation, _matching, tables
from accel._validation import require_string


def tr_upper(s: pl.Series) -> pl.Series:
    """Upper-case a String Series the Turkish way: i -> İ, ı -> I.

    Every character maps to exactly one character: other letters follow
    Unicode's simple upper case where it is a single character (ß stays ß).
    """
    series = require_string(s, "tr_upper")
    return pl.Series(_casing.map_code_points(series, tables.upper_table())).alias(series.name)


def tr_lower(s: pl.Series) -> pl.Series:
    """Lower-case a String Series the Turkish way: I -> ı, İ -> i (one character, no U+0307)."""
    series = require_string(s, "tr_lower")
    return pl.Series(_casing.map_code_points(series, tables.lower_table())).alias(series.name)


def tr_sort_key(s: pl.Series, *, hex_digits: bool = False) -> pl.Series:
    """Build keys whose plain byte order is Turkish alphabetical order, ignoring case.

    Letters sort A B C Ç D E F G Ğ H I İ J K L M N O Ö P Q R S Ş T U Ü V W X Y Z,
    with Q, W and X at their Latin places. Each character adds its weight:

    * white space: one byte, before everything else; runs are not collapsed;
    * punctuation, symbols and control characters: four bytes, by code point;
    * ASCII digits 0-9: one byte each, after punctuation;
    * letters of the alphabet above, either case: one byte each;
    * other Latin letters with diacritics: their base letter (é as E, Î as İ);
    * every other letter or number (Greek, Cyrillic, CJK, non-ASCII digits):
      four bytes after Z, by the code point of its upper case;
    * combining marks: nothing, except that U+0327 after C or S, U+0306 after G,
      U+0307 after I and U+0308 after O or U make Ç, Ş, Ğ, İ, Ö, Ü.

    A string sorts before every longer string it is a prefix of. Equal keys
    mean the texts differ only in case or diacritics; add the text itself as a
    second sort column for a total order.

    Returns Binary, to store as bytea: Postgres compares bytea byte by byte
    under any collation. With hex_digits=True it returns the same bytes as
    lower-case hex text, which sorts identically under the "C" collation.

    NOTE: hex text should also sort identically under en_US and other glibc or
    ICU collations, because they put digits before a-f and compare those
    letters alphabetically. That is untested, because only the C locale is
    installed where these kernels were developed.
    """
    series = require_string(s, "tr_sort_key")
    keys = _collation.sort_keys(
        series, tables.sort_table(), tables.composition_table(), hex_digits
    )
    return pl.Series(keys).alias(series.name)


def match_key(s: pl.Series) -> pl.Series:
    """Fold names for matching across systems.

    Turkish upper case, Latin letters with diacritics folded to ASCII (Ç -> C,
    Ğ -> G, İ -> I, Ö -> O, Ş -> S, Ü -> U, Â -> A, É -> E), punctuation,
    symbols and combining marks dropped, white space collapsed to one space and
    trimmed. Digits and letters without an ASCII base (ß, Ø, Greek) are kept.
    "  Çağdaş-Öz Ltd. Şti. " becomes "CAGDASOZ LTD STI".
    """
    series = require_string(s, "match_key")
    return pl.Series(_matching.match_keys(series, tables.match_table())).alias(series.name)
