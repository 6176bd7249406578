from typing import Protocol

class ArrowStreamSource(Protocol):
    """Anything exporting Arrow data through the PyCapsule stream interface (a Polars Series)."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

class ArrowColumn:
    format: str
    length: int
    chunk_count: int
    def __init__(self, source: ArrowStreamSource) -> None: ...
    def require_string(self) -> None: ...
    def decimal_type(self) -> tuple[int, int]: ...

class ExportedArray:
    """An Arrow array built by a kernel; pass it to ``pl.Series`` exactly once."""

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...

class StringBuilder:
    def __init__(self, length: int, expected_bytes: int) -> None: ...

class BooleanBuilder:
    def __init__(self, length: int) -> None: ...

class DecimalBuilder:
    def __init__(self, length: int, precision: int, scale: int) -> None: ...
