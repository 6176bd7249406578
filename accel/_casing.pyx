"""Code-point mapping kernel behind tr_upper and tr_lower."""

from libc.stdint cimport int32_t, int64_t, uint8_t

from accel._arrow cimport (
    ArrowColumn, ExportedArray, StringBuilder, StringChunk, decode_utf8, encode_utf8,
    reserve, string_at,
)


def map_code_points(source, const int32_t[::1] table):
    """Replace every code point c of a string column with table[c].

    The table has one entry per code point (0x110000), so each character maps
    to exactly one character and the row keeps its number of code points.
    """
    cdef ArrowColumn column = ArrowColumn(source)
    cdef StringBuilder out
    cdef StringChunk chunk
    cdef Py_ssize_t k
    cdef int64_t i, row = 0, pos, size
    cdef const uint8_t* text
    cdef int32_t code_point

    column.require_string()
    if table.shape[0] != 0x110000:
        raise ValueError(f"expected a table of 0x110000 code points, got {table.shape[0]}")
    out = StringBuilder(column.length, column.length * 8)

    for k in range(column.n_chunks):
        column.string_chunk(k, &chunk)
        with nogil:
            for i in range(chunk.length):
                if not string_at(&chunk, i, &text, &size):
                    out.append_null(row)
                    row += 1
                    continue

                # A code point grows by at most 4x in UTF-8 (ASCII to a 4-byte character).
                reserve(&out.data, 4 * size)
                pos = 0
                while pos < size:
                    code_point = table[decode_utf8(text, &pos)]
                    out.data.size += encode_utf8(code_point, out.data.data + out.data.size)
                out.offsets[row + 1] = out.data.size
                row += 1

    return out.finish(False)
