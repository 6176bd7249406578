import numpy as np
import numpy.typing as npt

from accel._arrow import ArrowStreamSource, ExportedArray

def match_keys(source: ArrowStreamSource, table: npt.NDArray[np.int32]) -> ExportedArray: ...
