"""Decimal-text parsing kernel behind parse_amount and invalid_amounts."""

from libc.stdint cimport int64_t, uint8_t

from accel._arrow cimport (
    ArrowColumn, BooleanBuilder, DecimalBuilder, StringChunk, clear_bit, int128_t, set_bit,
    string_at,
)
from accel._decimal cimport power_of_ten

cdef enum AmountStyle:
    DIA_STYLE = 0     # 335.160000: optional sign, digits, optional "." and digits
    TR_STYLE = 1      # 1.234,56: "." groups thousands in threes, "," starts the fraction


cdef struct Accumulator:
    int128_t units
    int128_t threshold       # (10**precision - 1) // 10: the largest units that may grow
    int scale
    int fraction_digits
    bint too_large           # the value needs more than `precision` digits
    bint inexact             # a non-zero digit beyond `scale`


cdef inline void _add_integer_digit(Accumulator* acc, int digit) noexcept nogil:
    # units <= threshold keeps units * 10 + digit below 10**precision <= 10**38,
    # so the 128-bit integer never overflows, and one comparison replaces a
    # 128-bit division per digit.
    if acc.too_large or acc.units > acc.threshold:
        acc.too_large = True
    else:
        acc.units = acc.units * 10 + digit


cdef inline void _add_fraction_digit(Accumulator* acc, int digit) noexcept nogil:
    if acc.fraction_digits < acc.scale:
        _add_integer_digit(acc, digit)
        acc.fraction_digits += 1
    elif digit != 0:
        acc.inexact = True


cdef inline int64_t _read_digits(const uint8_t* text, int64_t pos, int64_t size,
                                 Accumulator* acc, bint fraction) noexcept nogil:
    """Consume ASCII digits from pos and return the position after them."""
    while pos < size and 0x30 <= text[pos] <= 0x39:
        if fraction:
            _add_fraction_digit(acc, text[pos] - 0x30)
        else:
            _add_integer_digit(acc, text[pos] - 0x30)
        pos += 1
    return pos


cdef bint _parse(const uint8_t* text, int64_t size, AmountStyle style,
                 Accumulator* acc) noexcept nogil:
    """Parse one amount into acc.units at acc.scale; return False unless it is well formed."""
    cdef int64_t pos = 0, start
    cdef uint8_t decimal_mark = 0x2E if style == DIA_STYLE else 0x2C   # "." or ","
    cdef bint negative = False

    if pos < size and (text[pos] == 0x2D or text[pos] == 0x2B):    # "-" or "+"
        negative = text[pos] == 0x2D
        pos += 1

    start = pos
    pos = _read_digits(text, pos, size, acc, False)
    if pos == start:
        return False

    if style == TR_STYLE and pos < size and text[pos] == 0x2E:
        # Thousands grouping: a first group of 1 to 3 digits, then ".ddd" groups.
        if pos - start > 3:
            return False
        while pos < size and text[pos] == 0x2E:
            start = pos + 1
            pos = _read_digits(text, start, size, acc, False)
            if pos - start != 3:
                return False

    if pos < size and text[pos] == decimal_mark:
        start = pos + 1
        pos = _read_digits(text, start, size, acc, True)
        if pos == start:
            return False

    if pos != size or acc.too_large or acc.inexact:
        return False

    # Pad the fraction to the target scale, still within the precision.
    while acc.fraction_digits < acc.scale:
        _add_integer_digit(acc, 0)
        acc.fraction_digits += 1
    if acc.too_large:
        return False

    if negative:
        acc.units = -acc.units
    return True


def parse_amounts(source, str style, int precision, int scale):
    """Parse decimal text into decimal128 values and flag the rows that are not amounts.

    Returns (amounts, invalid): amounts is Decimal(precision, scale) with a null
    for every null or invalid row; invalid is true exactly for the non-null rows
    that failed to parse, were out of range for the precision, or had non-zero
    digits beyond the scale (rounding them would not be exact).
    """
    cdef ArrowColumn column = ArrowColumn(source)
    cdef DecimalBuilder amounts
    cdef BooleanBuilder invalid
    cdef StringChunk chunk
    cdef Accumulator acc
    cdef AmountStyle parsed_style
    cdef int128_t threshold
    cdef Py_ssize_t k
    cdef int64_t i, row = 0, size
    cdef const uint8_t* text

    column.require_string()
    if style not in ("dia", "tr"):
        raise ValueError(f"expected style 'dia' or 'tr', got {style!r}")
    if not (1 <= precision <= 38 and 0 <= scale <= precision):
        raise ValueError(f"expected 1 <= precision <= 38 and 0 <= scale <= precision, "
                         f"got precision={precision}, scale={scale}")
    parsed_style = DIA_STYLE if style == "dia" else TR_STYLE
    threshold = (power_of_ten(precision) - 1) // 10
    amounts = DecimalBuilder(column.length, precision, scale)
    invalid = BooleanBuilder(column.length)
    invalid.null_count = 0

    for k in range(column.n_chunks):
        column.string_chunk(k, &chunk)
        with nogil:
            for i in range(chunk.length):
                acc.units = 0
                acc.threshold = threshold
                acc.scale = scale
                acc.fraction_digits = 0
                acc.too_large = False
                acc.inexact = False

                if not string_at(&chunk, i, &text, &size):
                    clear_bit(amounts.validity, row)
                    amounts.null_count += 1
                elif _parse(text, size, parsed_style, &acc):
                    amounts.values[row] = acc.units
                else:
                    clear_bit(amounts.validity, row)
                    amounts.null_count += 1
                    set_bit(invalid.values, row)
                row += 1

    return amounts.finish(), invalid.finish()
