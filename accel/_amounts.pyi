from typing import Literal

from accel._arrow import ArrowStreamSource, ExportedArray

def parse_amounts(
    source: ArrowStreamSource, style: Literal["dia", "tr"], precision: int, scale: int
) -> tuple[ExportedArray, ExportedArray]: ...
