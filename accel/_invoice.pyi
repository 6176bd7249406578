from accel._arrow import ArrowStreamSource, ExportedArray

def line_totals(
    quantity: ArrowStreamSource,
    unit_price: ArrowStreamSource,
    discount_rate: ArrowStreamSource,
    kdv_rate: ArrowStreamSource,
) -> tuple[ExportedArray, ExportedArray, ExportedArray, ExportedArray, ExportedArray]: ...
