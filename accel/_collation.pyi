import numpy as np
import numpy.typing as npt

from accel._arrow import ArrowStreamSource, ExportedArray

def sort_keys(
    source: ArrowStreamSource,
    weights: npt.NDArray[np.uint32],
    compositions: npt.NDArray[np.uint8],
    hex_digits: bool,
) -> ExportedArray: ...
