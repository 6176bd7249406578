"""Move Polars columns in and out of the kernels through the Arrow C Data Interface.

pyarrow is not a dependency, and Polars 2.x no longer exposes its buffers to
Python, so the kernels use the Arrow PyCapsule interface, a public and stable
ABI that Polars implements on both sides:

* in: ``series.__arrow_c_stream__()`` hands over every chunk of the column.
  Polars exports strings as ``vu`` (string views); ``u`` and ``U`` are read too.
* out: the builders here fill malloc'd buffers and wrap them in an object with
  ``__arrow_c_array__``; ``pl.Series(obj)`` takes ownership of the buffers and
  calls the release callback when it is done with them.
"""

from cpython.pycapsule cimport PyCapsule_GetPointer, PyCapsule_New
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcpy, memset


cdef int reserve(ByteBuffer* buffer, int64_t extra) except -1 nogil:
    """Grow buffer so that `extra` more bytes fit, doubling to keep appends cheap."""
    cdef int64_t needed = buffer.size + extra
    cdef int64_t capacity
    cdef uint8_t* grown

    if needed <= buffer.capacity:
        return 0

    capacity = buffer.capacity * 2
    if capacity < needed:
        capacity = needed
    if capacity < 64:
        capacity = 64
    grown = <uint8_t*>realloc(buffer.data, capacity)
    if grown == NULL:
        with gil:
            raise MemoryError(f"could not grow an output buffer to {capacity} bytes")
    buffer.data = grown
    buffer.capacity = capacity
    return 0


cdef class ArrowColumn:
    """Every chunk of one column exported through ``__arrow_c_stream__``.

    The chunks stay valid until this object is collected; the kernels read them
    through string_chunk/decimal_chunk.
    """

    def __cinit__(self, source):
        cdef ArrowArrayStream* stream
        cdef ArrowArray* grown
        cdef ArrowArray next_chunk
        cdef int status

        self.capsule = source.__arrow_c_stream__()
        stream = <ArrowArrayStream*>PyCapsule_GetPointer(self.capsule, b"arrow_array_stream")

        status = stream.get_schema(stream, &self.schema)
        if status != 0:
            raise RuntimeError(f"Arrow stream get_schema failed with errno {status}")
        self.format = (<bytes>self.schema.format).decode("ascii")
        if self.format in ("vu", "vz"):
            self.layout = LAYOUT_VIEWS
        elif self.format in ("U", "Z"):
            self.layout = LAYOUT_OFFSETS64
        else:
            self.layout = LAYOUT_OFFSETS32

        while True:
            status = stream.get_next(stream, &next_chunk)
            if status != 0:
                raise RuntimeError(f"Arrow stream get_next failed with errno {status}")
            if next_chunk.release == NULL:
                break

            grown = <ArrowArray*>realloc(self.chunks, (self.n_chunks + 1) * sizeof(ArrowArray))
            if grown == NULL:
                next_chunk.release(&next_chunk)
                raise MemoryError("could not store the chunks of an Arrow stream")
            self.chunks = grown
            self.chunks[self.n_chunks] = next_chunk
            self.n_chunks += 1
            self.length += next_chunk.length

    def __dealloc__(self):
        cdef Py_ssize_t k
        for k in range(self.n_chunks):
            if self.chunks[k].release != NULL:
                self.chunks[k].release(&self.chunks[k])
        free(self.chunks)
        if self.schema.release != NULL:
            self.schema.release(&self.schema)

    @property
    def chunk_count(self):
        return self.n_chunks

    def require_string(self):
        """Raise TypeError unless the column is Arrow string or binary data."""
        if self.format not in ("u", "U", "vu", "z", "Z", "vz"):
            raise TypeError(f"expected Arrow string data, got format {self.format!r}")

    def decimal_type(self):
        """Return (precision, scale) of a decimal128 column; raise TypeError otherwise."""
        parts = self.format[2:].split(",") if self.format.startswith("d:") else []
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != "128"):
            raise TypeError(f"expected Arrow decimal128 data, got format {self.format!r}")
        return int(parts[0]), int(parts[1])

    cdef void string_chunk(self, Py_ssize_t k, StringChunk* out) noexcept:
        cdef ArrowArray* chunk = &self.chunks[k]

        out.length = chunk.length
        out.offset = chunk.offset
        out.validity = <const uint8_t*>chunk.buffers[0] if chunk.null_count != 0 else NULL

        out.layout = self.layout
        if self.layout == LAYOUT_VIEWS:
            out.views = <const uint8_t*>chunk.buffers[1]
            out.view_buffers = <const uint8_t**>(chunk.buffers + 2)
        elif self.layout == LAYOUT_OFFSETS64:
            out.offsets64 = <const int64_t*>chunk.buffers[1]
            out.data = <const uint8_t*>chunk.buffers[2]
        else:
            out.offsets32 = <const int32_t*>chunk.buffers[1]
            out.data = <const uint8_t*>chunk.buffers[2]

    cdef void decimal_chunk(self, Py_ssize_t k, DecimalChunk* out) noexcept:
        cdef ArrowArray* chunk = &self.chunks[k]
        out.length = chunk.length
        out.offset = chunk.offset
        out.validity = <const uint8_t*>chunk.buffers[0] if chunk.null_count != 0 else NULL
        out.values = <const int128_t*>chunk.buffers[1]


# ---- export ---------------------------------------------------------------

cdef void _release_schema(ArrowSchema* schema) noexcept nogil:
    free(schema.private_data)     # the format string
    schema.release = NULL


cdef void _release_array(ArrowArray* array) noexcept nogil:
    cdef int64_t i
    for i in range(array.n_buffers):
        free(<void*>array.buffers[i])
    free(array.buffers)
    array.release = NULL


cdef void _destroy_schema_capsule(object capsule) noexcept:
    cdef ArrowSchema* schema = <ArrowSchema*>PyCapsule_GetPointer(capsule, b"arrow_schema")
    if schema.release != NULL:
        schema.release(schema)
    free(schema)


cdef void _destroy_array_capsule(object capsule) noexcept:
    cdef ArrowArray* array = <ArrowArray*>PyCapsule_GetPointer(capsule, b"arrow_array")
    if array.release != NULL:
        array.release(array)
    free(array)


cdef ExportedArray _export(str format, int64_t length, int64_t null_count,
                           int n_buffers, void* first, void* second, void* third):
    """Wrap malloc'd buffers in an ExportedArray, which then owns them."""
    cdef ExportedArray exported = ExportedArray.__new__(ExportedArray)
    cdef bytes format_bytes = format.encode("ascii")
    cdef char* format_copy = <char*>malloc(len(format_bytes) + 1)
    cdef const void** buffers = <const void**>malloc(3 * sizeof(void*))

    exported.schema = <ArrowSchema*>calloc(1, sizeof(ArrowSchema))
    exported.array = <ArrowArray*>calloc(1, sizeof(ArrowArray))
    if format_copy == NULL or buffers == NULL or exported.schema == NULL or exported.array == NULL:
        free(format_copy)
        free(buffers)
        free(first)
        free(second)
        free(third)
        raise MemoryError("could not allocate an Arrow array")

    memcpy(format_copy, <const char*>format_bytes, len(format_bytes) + 1)
    exported.schema.format = format_copy
    exported.schema.flags = 2       # ARROW_FLAG_NULLABLE
    exported.schema.private_data = format_copy
    exported.schema.release = _release_schema

    buffers[0] = first
    buffers[1] = second
    buffers[2] = third
    exported.array.length = length
    exported.array.null_count = null_count
    exported.array.n_buffers = n_buffers
    exported.array.buffers = buffers
    exported.array.release = _release_array
    return exported


cdef class ExportedArray:
    """One Arrow array built by a kernel, handed over once via ``__arrow_c_array__``."""

    def __arrow_c_array__(self, requested_schema=None):
        if self.schema == NULL:
            raise RuntimeError("this Arrow array was already handed over")
        schema_capsule = PyCapsule_New(self.schema, b"arrow_schema", _destroy_schema_capsule)
        self.schema = NULL
        array_capsule = PyCapsule_New(self.array, b"arrow_array", _destroy_array_capsule)
        self.array = NULL
        return schema_capsule, array_capsule

    def __dealloc__(self):
        if self.schema != NULL:
            if self.schema.release != NULL:
                self.schema.release(self.schema)
            free(self.schema)
        if self.array != NULL:
            if self.array.release != NULL:
                self.array.release(self.array)
            free(self.array)


cdef uint8_t* _all_valid_bitmap(int64_t length) except NULL:
    cdef int64_t size = (length + 7) // 8 + 1
    cdef uint8_t* bitmap = <uint8_t*>malloc(size)
    if bitmap == NULL:
        raise MemoryError(f"could not allocate a validity bitmap for {length} rows")
    memset(bitmap, 0xFF, size)
    return bitmap


cdef class StringBuilder:
    """Output of a string or binary kernel: int64 offsets, bytes and a validity bitmap.

    A kernel writes row i by appending bytes to ``data`` and then setting
    ``offsets[i + 1] = data.size``, or by calling ``append_null(i)``.
    """

    def __cinit__(self, int64_t length, int64_t expected_bytes):
        self.length = length
        self.offsets = <int64_t*>calloc(length + 1, sizeof(int64_t))
        if self.offsets == NULL:
            raise MemoryError(f"could not allocate offsets for {length} rows")
        self.validity = _all_valid_bitmap(length)
        reserve(&self.data, expected_bytes if expected_bytes > 0 else 1)

    def __dealloc__(self):
        free(self.offsets)
        free(self.validity)
        free(self.data.data)

    cdef void append_null(self, int64_t row) noexcept nogil:
        clear_bit(self.validity, row)
        self.null_count += 1
        self.offsets[row + 1] = self.offsets[row]

    cdef ExportedArray finish(self, bint binary):
        cdef void* validity = self.validity
        cdef void* offsets = self.offsets
        cdef void* data = self.data.data

        # The exported array owns the buffers from here on, even if _export fails.
        self.validity = NULL
        self.offsets = NULL
        self.data.data = NULL
        if self.null_count == 0:
            free(validity)
            validity = NULL
        return _export("Z" if binary else "U", self.length, self.null_count, 3,
                       validity, offsets, data)


cdef class BooleanBuilder:
    """Output of a predicate kernel: bit-packed values and validity."""

    def __cinit__(self, int64_t length):
        self.length = length
        self.values = <uint8_t*>calloc((length + 7) // 8 + 1, 1)
        if self.values == NULL:
            raise MemoryError(f"could not allocate booleans for {length} rows")
        self.validity = _all_valid_bitmap(length)

    def __dealloc__(self):
        free(self.values)
        free(self.validity)

    cdef ExportedArray finish(self):
        cdef void* validity = self.validity
        cdef void* values = self.values

        self.validity = NULL
        self.values = NULL
        if self.null_count == 0:
            free(validity)
            validity = NULL
        return _export("b", self.length, self.null_count, 2, validity, values, NULL)


cdef class DecimalBuilder:
    """Output of a money kernel: decimal128 values with a fixed precision and scale."""

    def __cinit__(self, int64_t length, int precision, int scale):
        self.length = length
        self.precision = precision
        self.scale = scale
        self.values = <int128_t*>calloc(length + 1, sizeof(int128_t))
        if self.values == NULL:
            raise MemoryError(f"could not allocate decimals for {length} rows")
        self.validity = _all_valid_bitmap(length)

    def __dealloc__(self):
        free(self.values)
        free(self.validity)

    cdef ExportedArray finish(self):
        cdef void* validity = self.validity
        cdef void* values = self.values

        self.validity = NULL
        self.values = NULL
        if self.null_count == 0:
            free(validity)
            validity = NULL
        return _export(f"d:{self.precision},{self.scale}", self.length, self.null_count, 2,
                       validity, values, NULL)
