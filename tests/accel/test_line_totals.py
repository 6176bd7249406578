"""Fixed cases for invoice line arithmetic: rounding ties, nulls, sums and errors."""

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accel
from accel import reference

from .strategies import decimal_amounts, kdv_rates, rates

MONEY = pl.Decimal(28, 6)
KURUS = pl.Decimal(18, 2)


def money(*values: str | int | None) -> pl.Series:
    return pl.Series([None if value is None else Decimal(value) for value in values], dtype=MONEY)


def totals(quantity, unit_price, discount_rate="0", kdv_rate="20") -> dict:
    frame = accel.line_totals(money(quantity), money(unit_price), money(discount_rate),
                              money(kdv_rate))
    return {name: value for name, value in frame.row(0, named=True).items()}


def test_output_schema() -> None:
    frame = accel.line_totals(money("1"), money("1"), money("0"), money("20"))

    assert frame.schema == pl.Schema({"tutari": KURUS, "indirimtutari": KURUS, "net": KURUS,
                                      "kdvtutari": KURUS, "gross": KURUS})


def test_tie_rounds_away_from_zero() -> None:
    # 0,125 TL lies halfway between 0,12 and 0,13 TL, and DIA rounds away from zero.
    assert totals("1", "0.125")["tutari"] == Decimal("0.13")
    assert totals("-1", "0.125")["tutari"] == Decimal("-0.13")
    assert totals("1", "0.124999")["tutari"] == Decimal("0.12")


def test_discount_and_kdv_round_on_the_rounded_line() -> None:
    line = totals("3", "33.333333", discount_rate="12.5", kdv_rate="1")

    assert line["tutari"] == Decimal("100.00")          # 99.999999 rounded
    assert line["indirimtutari"] == Decimal("12.50")
    assert line["net"] == Decimal("87.50")
    assert line["kdvtutari"] == Decimal("0.88")         # 0.875 is a tie
    assert line["gross"] == Decimal("88.38")


def test_return_line_rounds_like_a_sale() -> None:
    line = totals("-1", "4.375", kdv_rate="10")

    assert line["tutari"] == Decimal("-4.38")           # -4.375 is a tie
    assert line["kdvtutari"] == Decimal("-0.44")
    assert line["gross"] == Decimal("-4.82")


def test_invoice_total_is_sum_of_rounded_lines() -> None:
    # Three lines of 0,125 TL: each rounds to 0,13, so the invoice is 0,39,
    # not round(0,375) = 0,38.
    frame = accel.line_totals(money("1", "1", "1"), money("0.125", "0.125", "0.125"),
                              money("0", "0", "0"), money("0", "0", "0"))

    assert frame["tutari"].sum() == Decimal("0.39")


def test_null_input_nulls_the_whole_line() -> None:
    frame = accel.line_totals(money("1", None, "2"), money("5", "5", None),
                              money("0", "0", "0"), money("20", "20", "20"))

    assert frame["gross"].to_list() == [Decimal("6.00"), None, None]
    assert frame.null_count().row(0) == (2, 2, 2, 2, 2)


def test_integer_rates_are_accepted() -> None:
    frame = accel.line_totals(money("2"), money("10"), pl.Series([10]), pl.Series([20]))

    assert frame.row(0) == (Decimal("20.00"), Decimal("2.00"), Decimal("18.00"),
                            Decimal("3.60"), Decimal("21.60"))


def test_float_input_is_rejected() -> None:
    with pytest.raises(TypeError, match="expected a Decimal Series for unit_price, got Float64"):
        accel.line_totals(money("1"), pl.Series([1.5]), money("0"), money("20"))


def test_unequal_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="equal length"):
        accel.line_totals(money("1", "2"), money("1"), money("0"), money("20"))


def test_overflow_is_reported() -> None:
    huge = "9" * 20

    with pytest.raises(OverflowError, match="invoice line 0"):
        accel.line_totals(money(huge), money(huge), money("0"), money("20"))


line_inputs = st.lists(
    st.tuples(decimal_amounts(10**6), decimal_amounts(10**7), rates, kdv_rates)
    | st.tuples(st.none(), decimal_amounts(10), rates, kdv_rates),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(lines=line_inputs)
def test_line_totals_equal_reference(lines: list[tuple]) -> None:
    columns = [pl.Series([line[i] for line in lines], dtype=MONEY) for i in range(4)]

    frame = accel.line_totals(*columns)

    expected = [reference.line_totals(*line) for line in lines]
    assert frame.to_dicts() == [
        row if row is not None else dict.fromkeys(frame.columns) for row in expected
    ]
