"""Sort-key kernel behind tr_sort_key."""

from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t

from accel._arrow cimport (
    ArrowColumn, StringBuilder, StringChunk, decode_utf8, reserve, string_at,
)

cdef const char* HEX_DIGITS = b"0123456789abcdef"


cdef inline int _mark_row(int32_t code_point) noexcept nogil:
    """Return the composition_table row of a composing mark, or -1 (see accel.tables)."""
    if code_point == 0x0306:
        return 0
    if code_point == 0x0307:
        return 1
    if code_point == 0x0308:
        return 2
    if code_point == 0x0327:
        return 3
    return -1


def sort_keys(source, const uint32_t[::1] weights, const uint8_t[:, ::1] compositions,
              bint hex_digits):
    """Concatenate the sort weights of each row's characters (accel.rules.sort_weight).

    A combining mark adds nothing, unless compositions turns the one-byte letter
    weight written just before it into a Turkish letter's weight. With
    hex_digits, every key byte is written as two lower-case hex digits.
    """
    cdef ArrowColumn column = ArrowColumn(source)
    cdef StringBuilder out
    cdef StringChunk chunk
    cdef Py_ssize_t k
    cdef int64_t i, row = 0, pos, size, key_start
    cdef const uint8_t* text
    cdef int32_t code_point
    cdef uint32_t weight
    cdef int mark_row, shift, width = 2 if hex_digits else 1
    cdef uint8_t last_letter, composed, byte
    cdef uint8_t* key

    column.require_string()
    if weights.shape[0] != 0x110000:
        raise ValueError(f"expected a table of 0x110000 code points, got {weights.shape[0]}")
    out = StringBuilder(column.length, column.length * 16 * width)

    for k in range(column.n_chunks):
        column.string_chunk(k, &chunk)
        with nogil:
            for i in range(chunk.length):
                if not string_at(&chunk, i, &text, &size):
                    out.append_null(row)
                    row += 1
                    continue

                # A character of 1 to 4 bytes has a weight of at most 4 bytes.
                reserve(&out.data, 4 * size * width)
                key_start = out.data.size
                key = out.data.data
                last_letter = 0
                pos = 0
                while pos < size:
                    code_point = decode_utf8(text, &pos)
                    weight = weights[code_point]
                    if weight == 0:
                        mark_row = _mark_row(code_point)
                        if last_letter != 0 and mark_row >= 0:
                            composed = compositions[mark_row, last_letter]
                            if composed != 0:
                                last_letter = composed
                                if hex_digits:
                                    key[out.data.size - 2] = HEX_DIGITS[composed >> 4]
                                    key[out.data.size - 1] = HEX_DIGITS[composed & 15]
                                else:
                                    key[out.data.size - 1] = composed
                        continue

                    if weight < 0x100:
                        last_letter = <uint8_t>weight if weight >= 0x20 else 0
                        if hex_digits:
                            key[out.data.size] = HEX_DIGITS[weight >> 4]
                            key[out.data.size + 1] = HEX_DIGITS[weight & 15]
                        else:
                            key[out.data.size] = <uint8_t>weight
                        out.data.size += width
                    else:
                        last_letter = 0
                        for shift in range(24, -8, -8):
                            byte = (weight >> shift) & 0xFF
                            if hex_digits:
                                key[out.data.size] = HEX_DIGITS[byte >> 4]
                                key[out.data.size + 1] = HEX_DIGITS[byte & 15]
                            else:
                                key[out.data.size] = byte
                            out.data.size += width

                out.offsets[row + 1] = out.data.size
                row += 1

    return out.finish(not hex_digits)
