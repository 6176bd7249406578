"""Every kernel equals its plain-Python reference (accel.reference) on generated input.

One registry lists each kernel with its reference and the input it is tested
on; the invariant tests below run over the whole registry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accel
from accel import reference

from .strategies import dia_amount_texts, nullable_lists, tax_id_lists, text_lists, tr_amount_texts


@dataclass(frozen=True)
class KernelCase:
    name: str
    kernel: Callable[[pl.Series], pl.Series]
    reference: Callable[[Any], Any]
    values: st.SearchStrategy[list]


KERNELS = [
    KernelCase("tr_upper", accel.tr_upper, reference.tr_upper, text_lists),
    KernelCase("tr_lower", accel.tr_lower, reference.tr_lower, text_lists),
    KernelCase("tr_sort_key", accel.tr_sort_key, reference.tr_sort_key, text_lists),
    KernelCase(
        "tr_sort_key_hex",
        lambda s: accel.tr_sort_key(s, hex_digits=True),
        lambda value: reference.tr_sort_key(value, hex_digits=True),
        text_lists,
    ),
    KernelCase("match_key", accel.match_key, reference.match_key, text_lists),
    KernelCase("vkn_valid", accel.vkn_valid, reference.vkn_valid, tax_id_lists),
    KernelCase("tckn_valid", accel.tckn_valid, reference.tckn_valid, tax_id_lists),
    KernelCase("tax_id_kind", accel.tax_id_kind, reference.tax_id_kind, tax_id_lists),
    KernelCase(
        "parse_amount_dia",
        accel.parse_amount,
        reference.parse_amount,
        nullable_lists(dia_amount_texts),
    ),
    KernelCase(
        "parse_amount_tr_scale_2",
        lambda s: accel.parse_amount(s, "tr", precision=18, scale=2),
        lambda value: reference.parse_amount(value, "tr", 18, 2),
        nullable_lists(tr_amount_texts),
    ),
    KernelCase(
        "invalid_amounts_dia",
        accel.invalid_amounts,
        reference.amount_is_invalid,
        nullable_lists(dia_amount_texts),
    ),
    KernelCase(
        "invalid_amounts_tr",
        lambda s: accel.invalid_amounts(s, "tr"),
        lambda value: reference.amount_is_invalid(value, "tr"),
        nullable_lists(tr_amount_texts),
    ),
]

# Generated cases stay few so the suite stays fast; the strategies lean on the
# characters and forms where the kernels have special cases.
PROPERTY_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def by_name(case: KernelCase) -> str:
    return case.name


def string_series(values: list) -> pl.Series:
    return pl.Series("value", values, dtype=pl.String)


@pytest.mark.parametrize("case", KERNELS, ids=by_name)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_kernel_equals_reference(case: KernelCase, data: st.DataObject) -> None:
    values = data.draw(case.values)

    result = case.kernel(string_series(values))

    assert result.to_list() == [case.reference(value) for value in values]


@pytest.mark.parametrize("case", KERNELS, ids=by_name)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_kernel_reads_chunked_sliced_input(case: KernelCase, data: st.DataObject) -> None:
    # Several Arrow chunks, and a slice whose chunks start at a non-zero offset.
    first = data.draw(case.values)
    second = data.draw(case.values)
    chunked = pl.concat([string_series(first), string_series(second)], rechunk=False)
    sliced = chunked.slice(1)

    result = case.kernel(sliced)

    assert result.to_list() == [case.reference(value) for value in (first + second)[1:]]


@pytest.mark.parametrize("case", KERNELS, ids=by_name)
def test_kernel_keeps_length_and_name(case: KernelCase) -> None:
    series = pl.Series("unvan", ["Ayşe", None, "", "İĞDIR"], dtype=pl.String)

    result = case.kernel(series)

    assert result.len() == 4
    assert result.name == "unvan"


@pytest.mark.parametrize("case", KERNELS, ids=by_name)
def test_kernel_accepts_empty_series(case: KernelCase) -> None:
    result = case.kernel(pl.Series("unvan", [], dtype=pl.String))

    assert result.len() == 0


@pytest.mark.parametrize("case", KERNELS, ids=by_name)
def test_kernel_rejects_non_string_series(case: KernelCase) -> None:
    with pytest.raises(TypeError, match="expected a String Series, got Int64"):
        case.kernel(pl.Series("unvan", [1, 2], dtype=pl.Int64))
