"""Invoice-line arithmetic kernel behind line_totals."""

from libc.stdint cimport int64_t, uint8_t

from accel._arrow cimport (
    ArrowColumn, DecimalBuilder, DecimalChunk, clear_bit, decimal_at, int128_t,
)
from accel._decimal cimport divide_half_away, mul_overflow, power_of_ten

# Every output is Decimal(18, 2): kuruş as integers below 10**18.
cdef enum:
    OUTPUT_PRECISION = 18
    OUTPUT_SCALE = 2
    INPUTS = 4
    OUTPUTS = 5


cdef inline bint _to_kurus(int128_t value, int scale, int128_t* out) noexcept nogil:
    """Round value (at `scale`) half away from zero to 2 decimals; False on overflow."""
    if scale >= OUTPUT_SCALE:
        out[0] = divide_half_away(value, power_of_ten(scale - OUTPUT_SCALE))
        return True
    return not mul_overflow(value, power_of_ten(OUTPUT_SCALE - scale), out)


cdef inline bint _percent_of(int128_t kurus, int128_t rate, int rate_scale,
                             int128_t* out) noexcept nogil:
    """round_half_away(kurus * rate / 100) in kuruş; False on overflow."""
    cdef int128_t product
    if mul_overflow(kurus, rate, &product):
        return False
    # kurus * rate carries 2 + rate_scale decimals, and dividing by 100 adds two more.
    return _to_kurus(product, OUTPUT_SCALE + rate_scale + 2, out)


def line_totals(quantity, unit_price, discount_rate, kdv_rate):
    """Compute tutari, indirimtutari, net, kdv and gross of invoice lines in kuruş.

    Every argument is a single-chunk decimal128 column (scale <= 18) of the same
    length. Returns five Decimal(18, 2) arrays in that order. A row with a null
    input is null in every output. Raises OverflowError with the row index when
    an intermediate product leaves 128 bits or a result needs more than 18 digits.
    """
    cdef list columns = [ArrowColumn(source)
                         for source in (quantity, unit_price, discount_rate, kdv_rate)]
    cdef list outputs
    cdef ArrowColumn column
    cdef DecimalBuilder output
    cdef DecimalChunk chunks[INPUTS]
    cdef int scales[INPUTS]
    cdef int128_t values[INPUTS]
    cdef int128_t* results[OUTPUTS]
    cdef uint8_t* validity[OUTPUTS]
    cdef int128_t product, tutari, discount, net, kdv, gross
    cdef int128_t limit = power_of_ten(OUTPUT_PRECISION)
    cdef int64_t i, length = (<ArrowColumn>columns[0]).length, null_rows = 0, overflow_row = -1
    cdef int c
    cdef bint present

    for c in range(INPUTS):
        column = columns[c]
        scales[c] = column.decimal_type()[1]
        if scales[c] > 18:
            raise ValueError(f"expected a decimal scale of at most 18, got {scales[c]}")
        if column.n_chunks > 1:
            raise ValueError("expected single-chunk columns; call Series.rechunk() first")
        if column.length != length:
            raise ValueError(f"expected columns of equal length, got {length} and {column.length}")
        if length > 0:
            column.decimal_chunk(0, &chunks[c])

    outputs = [DecimalBuilder(length, OUTPUT_PRECISION, OUTPUT_SCALE) for _ in range(OUTPUTS)]
    for c in range(OUTPUTS):
        output = outputs[c]
        results[c] = output.values
        validity[c] = output.validity

    with nogil:
        for i in range(length):
            present = True
            for c in range(INPUTS):
                values[c] = 0
                present = decimal_at(&chunks[c], i, &values[c]) and present
            if not present:
                for c in range(OUTPUTS):
                    clear_bit(validity[c], i)
                null_rows += 1
                continue

            if (mul_overflow(values[0], values[1], &product)
                    or not _to_kurus(product, scales[0] + scales[1], &tutari)
                    or not _percent_of(tutari, values[2], scales[2], &discount)):
                overflow_row = i
                break
            net = tutari - discount
            if not _percent_of(net, values[3], scales[3], &kdv):
                overflow_row = i
                break
            gross = net + kdv

            if not (-limit < tutari < limit and -limit < discount < limit
                    and -limit < net < limit and -limit < kdv < limit
                    and -limit < gross < limit):
                overflow_row = i
                break
            results[0][i] = tutari
            results[1][i] = discount
            results[2][i] = net
            results[3][i] = kdv
            results[4][i] = gross

    if overflow_row >= 0:
        raise OverflowError(f"invoice line {overflow_row} does not fit Decimal(18, 2) "
                            "or overflowed 128-bit arithmetic")
    exported = []
    for output in outputs:
        output.null_count = null_rows
        exported.append(output.finish())
    return tuple(exported)
