"""Compiled kernels for Turkish business data on Polars Series.

Each public function validates its input and runs a Cython loop over the
Series' Arrow buffers (accel/_*.pyx). accel.reference holds the plain-Python
definition of every kernel, which the tests compare against.
"""

try:
    from accel import _arrow  # noqa: F401  (fails first when the kernels were never built)
except ImportError as error:
    raise ImportError(
        "accel's compiled kernels are missing: build them with `pip install -e .` "
        "or `python setup.py build_ext --inplace` in the project root"
    ) from error

from accel.money import invalid_amounts, line_totals, parse_amount
from accel.taxid import tax_id_kind, tckn_valid, vkn_valid
from accel.text import match_key, tr_lower, tr_sort_key, tr_upper

__all__ = [
    "invalid_amounts",
    "line_totals",
    "match_key",
    "parse_amount",
    "tax_id_kind",
    "tckn_valid",
    "tr_lower",
    "tr_sort_key",
    "tr_upper",
    "vkn_valid",
]
