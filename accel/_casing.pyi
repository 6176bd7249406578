import numpy as np
import numpy.typing as npt

from accel._arrow import ArrowStreamSource, ExportedArray

def map_code_points(source: ArrowStreamSource, table: npt.NDArray[np.int32]) -> ExportedArray: ...
