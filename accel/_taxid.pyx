"""Check-digit kernels behind vkn_valid, tckn_valid and tax_id_kind."""

from libc.stdint cimport int64_t, uint8_t
from libc.string cimport memcpy

from accel._arrow cimport (
    ArrowColumn, BooleanBuilder, StringBuilder, StringChunk, clear_bit, reserve, set_bit, string_at,
)

cdef enum TaxIdKind:
    NOT_A_TAX_ID = 0
    VKN = 1
    TCKN = 2


cdef inline bint _all_digits(const uint8_t* text, int64_t size) noexcept nogil:
    cdef int64_t i
    for i in range(size):
        if text[i] < 0x30 or text[i] > 0x39:
            return False
    return True


cdef bint _vkn_valid(const uint8_t* text, int64_t size) noexcept nogil:
    """Vergi Kimlik Numarası: 10 ASCII digits, the last one a check digit."""
    cdef int i, digit, term, total = 0
    if size != 10 or not _all_digits(text, size):
        return False

    for i in range(9):
        digit = text[i] - 0x30
        term = (digit + 9 - i) % 10
        if term != 0:
            term = (term * (1 << (9 - i))) % 9
            if term == 0:
                term = 9
        total += term
    return (10 - total % 10) % 10 == text[9] - 0x30


cdef bint _tckn_valid(const uint8_t* text, int64_t size) noexcept nogil:
    """T.C. Kimlik Numarası: 11 ASCII digits, not starting with 0, the last two check digits."""
    cdef int i, odd = 0, even = 0, total = 0
    if size != 11 or not _all_digits(text, size) or text[0] == 0x30:
        return False

    for i in range(0, 9, 2):
        odd += text[i] - 0x30
    for i in range(1, 8, 2):
        even += text[i] - 0x30
    for i in range(10):
        total += text[i] - 0x30
    # C's % keeps the sign of 7*odd - even, so shift it into 0..9 first.
    return ((7 * odd - even) % 10 + 10) % 10 == text[9] - 0x30 and total % 10 == text[10] - 0x30


cdef TaxIdKind _kind(const uint8_t* text, int64_t size) noexcept nogil:
    if _vkn_valid(text, size):
        return VKN
    if _tckn_valid(text, size):
        return TCKN
    return NOT_A_TAX_ID


def check_tax_ids(source, str kind):
    """Return an ExportedArray of booleans: is each row a valid `kind` ("vkn" or "tckn")?"""
    cdef ArrowColumn column = ArrowColumn(source)
    cdef BooleanBuilder out
    cdef StringChunk chunk
    cdef Py_ssize_t k
    cdef int64_t i, row = 0, size
    cdef const uint8_t* text
    cdef bint want_vkn, valid

    column.require_string()
    if kind not in ("vkn", "tckn"):
        raise ValueError(f"expected kind 'vkn' or 'tckn', got {kind!r}")
    want_vkn = kind == "vkn"
    out = BooleanBuilder(column.length)

    for k in range(column.n_chunks):
        column.string_chunk(k, &chunk)
        with nogil:
            for i in range(chunk.length):
                if not string_at(&chunk, i, &text, &size):
                    clear_bit(out.validity, row)
                    out.null_count += 1
                elif (_vkn_valid(text, size) if want_vkn else _tckn_valid(text, size)):
                    set_bit(out.values, row)
                row += 1

    return out.finish()


def classify_tax_ids(source):
    """Return an ExportedArray of strings: "vkn", "tckn", or null for anything else."""
    cdef ArrowColumn column = ArrowColumn(source)
    cdef StringBuilder out
    cdef StringChunk chunk
    cdef Py_ssize_t k
    cdef int64_t i, row = 0, size
    cdef const uint8_t* text
    cdef TaxIdKind kind

    column.require_string()
    out = StringBuilder(column.length, column.length * 4)

    for k in range(column.n_chunks):
        column.string_chunk(k, &chunk)
        with nogil:
            for i in range(chunk.length):
                kind = NOT_A_TAX_ID
                if string_at(&chunk, i, &text, &size):
                    kind = _kind(text, size)

                if kind == NOT_A_TAX_ID:
                    out.append_null(row)
                else:
                    reserve(&out.data, 4)
                    if kind == VKN:
                        memcpy(out.data.data + out.data.size, b"vkn", 3)
                        out.data.size += 3
                    else:
                        memcpy(out.data.data + out.data.size, b"tckn", 4)
                        out.data.size += 4
                    out.offsets[row + 1] = out.data.size
                row += 1

    return out.finish(False)
