"""Match-key kernel behind match_key."""

from libc.stdint cimport int32_t, int64_t, uint8_t

from accel._arrow cimport (
    ArrowColumn, StringBuilder, StringChunk, decode_utf8, encode_utf8, reserve, string_at,
)


def match_keys(source, const int32_t[::1] table):
    """Map each character through table, dropping -1 and collapsing white space.

    0x20 in the table is white space: a run of it becomes one space between
    kept characters and disappears at either end of the row.
    """
    cdef ArrowColumn column = ArrowColumn(source)
    cdef StringBuilder out
    cdef StringChunk chunk
    cdef Py_ssize_t k
    cdef int64_t i, row = 0, pos, size, row_start
    cdef const uint8_t* text
    cdef int32_t mapped
    cdef bint space_pending

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

                # One extra byte per character covers a pending space before it.
                reserve(&out.data, 5 * size)
                row_start = out.data.size
                space_pending = False
                pos = 0
                while pos < size:
                    mapped = table[decode_utf8(text, &pos)]
                    if mapped < 0:
                        continue
                    if mapped == 0x20:
                        space_pending = out.data.size > row_start
                        continue
                    if space_pending:
                        out.data.data[out.data.size] = 0x20
                        out.data.size += 1
                        space_pending = False
                    out.data.size += encode_utf8(mapped, out.data.data + out.data.size)

                out.offsets[row + 1] = out.data.size
                row += 1

    return out.finish(False)
