# Declarations shared by every kernel: the Arrow C Data Interface structs, a
# read-only view on one chunk of an Arrow column, and the builders for the
# arrays the kernels return. The implementations live in _arrow.pyx.
#
# Struct layouts follow the Arrow C Data Interface and C Stream Interface
# (https://arrow.apache.org/docs/format/CDataInterface.html), a stable ABI.

from libc.stdint cimport int32_t, int64_t, uint8_t


cdef extern from *:
    # GCC and Clang provide a native 128-bit integer, the layout of Arrow's
    # decimal128 values (little-endian two's complement).
    ctypedef long long int128_t "__int128"


cdef struct ArrowSchema:
    const char* format
    const char* name
    const char* metadata
    int64_t flags
    int64_t n_children
    ArrowSchema** children
    ArrowSchema* dictionary
    void (*release)(ArrowSchema*) noexcept nogil
    void* private_data


cdef struct ArrowArray:
    int64_t length
    int64_t null_count
    int64_t offset
    int64_t n_buffers
    int64_t n_children
    const void** buffers
    ArrowArray** children
    ArrowArray* dictionary
    void (*release)(ArrowArray*) noexcept nogil
    void* private_data


cdef struct ArrowArrayStream:
    int (*get_schema)(ArrowArrayStream*, ArrowSchema*) noexcept nogil
    int (*get_next)(ArrowArrayStream*, ArrowArray*) noexcept nogil
    const char* (*get_last_error)(ArrowArrayStream*) noexcept nogil
    void (*release)(ArrowArrayStream*) noexcept nogil
    void* private_data


# How a string chunk stores its bytes.
cdef enum StringLayout:
    LAYOUT_OFFSETS32 = 0    # Arrow "u"/"z": int32 offsets into one data buffer
    LAYOUT_OFFSETS64 = 1    # Arrow "U"/"Z": int64 offsets into one data buffer
    LAYOUT_VIEWS = 2        # Arrow "vu"/"vz": 16-byte views, short strings inline


cdef struct StringChunk:
    StringLayout layout
    int64_t length
    int64_t offset              # the chunk's slice offset, applied to every index
    const uint8_t* validity     # NULL when the chunk has no nulls
    const int32_t* offsets32
    const int64_t* offsets64
    const uint8_t* data
    const uint8_t* views
    const uint8_t** view_buffers


cdef struct DecimalChunk:
    int64_t length
    int64_t offset
    const uint8_t* validity
    const int128_t* values


# A growable byte buffer owned by C code until it is exported.
cdef struct ByteBuffer:
    uint8_t* data
    int64_t size
    int64_t capacity


cdef inline bint bit_is_set(const uint8_t* bitmap, int64_t i) noexcept nogil:
    return (bitmap[i >> 3] >> (i & 7)) & 1


cdef inline void set_bit(uint8_t* bitmap, int64_t i) noexcept nogil:
    bitmap[i >> 3] |= <uint8_t>(1 << (i & 7))


cdef inline void clear_bit(uint8_t* bitmap, int64_t i) noexcept nogil:
    bitmap[i >> 3] &= <uint8_t>~(1 << (i & 7))


cdef inline bint string_at(const StringChunk* chunk, int64_t i,
                           const uint8_t** start, int64_t* size) noexcept nogil:
    """Point start/size at the bytes of row i; return False for a null row."""
    cdef int64_t j = i + chunk.offset
    cdef const uint8_t* view
    cdef int32_t view_size, buffer_index, buffer_offset

    if chunk.validity != NULL and not bit_is_set(chunk.validity, j):
        return False

    if chunk.layout == LAYOUT_VIEWS:
        view = chunk.views + 16 * j
        view_size = (<const int32_t*>view)[0]
        size[0] = view_size
        if view_size <= 12:
            start[0] = view + 4
        else:
            buffer_index = (<const int32_t*>view)[2]
            buffer_offset = (<const int32_t*>view)[3]
            start[0] = chunk.view_buffers[buffer_index] + buffer_offset
    elif chunk.layout == LAYOUT_OFFSETS64:
        start[0] = chunk.data + chunk.offsets64[j]
        size[0] = chunk.offsets64[j + 1] - chunk.offsets64[j]
    else:
        start[0] = chunk.data + chunk.offsets32[j]
        size[0] = chunk.offsets32[j + 1] - chunk.offsets32[j]
    return True


cdef inline bint decimal_at(const DecimalChunk* chunk, int64_t i,
                            int128_t* value) noexcept nogil:
    """Store the unscaled integer of row i in value; return False for a null row."""
    cdef int64_t j = i + chunk.offset
    if chunk.validity != NULL and not bit_is_set(chunk.validity, j):
        return False
    value[0] = chunk.values[j]
    return True


cdef inline int32_t decode_utf8(const uint8_t* s, int64_t* pos) noexcept nogil:
    """Decode the code point at s[pos] and advance pos; the input is valid UTF-8."""
    cdef int64_t i = pos[0]
    cdef uint8_t b = s[i]
    if b < 0x80:
        pos[0] = i + 1
        return b
    if b < 0xE0:
        pos[0] = i + 2
        return ((b & 0x1F) << 6) | (s[i + 1] & 0x3F)
    if b < 0xF0:
        pos[0] = i + 3
        return ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F)
    pos[0] = i + 4
    return (((b & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12)
            | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F))


cdef inline int64_t encode_utf8(int32_t cp, uint8_t* out) noexcept nogil:
    """Write cp as UTF-8 at out and return the number of bytes written (1 to 4)."""
    if cp < 0x80:
        out[0] = <uint8_t>cp
        return 1
    if cp < 0x800:
        out[0] = <uint8_t>(0xC0 | (cp >> 6))
        out[1] = <uint8_t>(0x80 | (cp & 0x3F))
        return 2
    if cp < 0x10000:
        out[0] = <uint8_t>(0xE0 | (cp >> 12))
        out[1] = <uint8_t>(0x80 | ((cp >> 6) & 0x3F))
        out[2] = <uint8_t>(0x80 | (cp & 0x3F))
        return 3
    out[0] = <uint8_t>(0xF0 | (cp >> 18))
    out[1] = <uint8_t>(0x80 | ((cp >> 12) & 0x3F))
    out[2] = <uint8_t>(0x80 | ((cp >> 6) & 0x3F))
    out[3] = <uint8_t>(0x80 | (cp & 0x3F))
    return 4


cdef int reserve(ByteBuffer* buffer, int64_t extra) except -1 nogil


cdef class ArrowColumn:
    cdef object capsule
    cdef ArrowSchema schema
    cdef ArrowArray* chunks
    cdef Py_ssize_t n_chunks
    cdef StringLayout layout
    cdef readonly str format
    cdef readonly int64_t length

    cdef void string_chunk(self, Py_ssize_t k, StringChunk* out) noexcept
    cdef void decimal_chunk(self, Py_ssize_t k, DecimalChunk* out) noexcept


cdef class ExportedArray:
    cdef ArrowSchema* schema
    cdef ArrowArray* array


cdef class StringBuilder:
    cdef int64_t length
    cdef int64_t null_count
    cdef int64_t* offsets
    cdef uint8_t* validity
    cdef ByteBuffer data

    cdef void append_null(self, int64_t row) noexcept nogil
    cdef ExportedArray finish(self, bint binary)


cdef class BooleanBuilder:
    cdef int64_t length
    cdef int64_t null_count
    cdef uint8_t* values
    cdef uint8_t* validity

    cdef ExportedArray finish(self)


cdef class DecimalBuilder:
    cdef int64_t length
    cdef int64_t null_count
    cdef int precision
    cdef int scale
    cdef int128_t* values
    cdef uint8_t* validity

    cdef ExportedArray finish(self)
