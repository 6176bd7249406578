"""Fixed cases for VKN and TCKN check digits."""

import polars as pl
import pytest

import accel


def strings(*values: str | None) -> pl.Series:
    return pl.Series("vergino", list(values), dtype=pl.String)


VALID_VKNS = ["4540536920", "0000000001", "0123456789", "9876543217"]
VALID_TCKNS = ["10000000146", "12345678950"]


@pytest.mark.parametrize("vkn", VALID_VKNS)
def test_vkn_valid_accepts(vkn: str) -> None:
    assert accel.vkn_valid(strings(vkn)).item() is True
    assert accel.tax_id_kind(strings(vkn)).item() == "vkn"


@pytest.mark.parametrize(
    "text",
    [
        "4540536921",     # wrong check digit
        "454053692",      # too short
        "45405369200",    # too long
        "454053692O",     # letter O for zero
        " 4540536920",    # surrounding space
        "4540-536920",
        "٤٥٤٠٥٣٦٩٢٠",     # Arabic-Indic digits
        "",
    ],
)
def test_vkn_valid_rejects(text: str) -> None:
    assert accel.vkn_valid(strings(text)).item() is False


@pytest.mark.parametrize("tckn", VALID_TCKNS)
def test_tckn_valid_accepts(tckn: str) -> None:
    assert accel.tckn_valid(strings(tckn)).item() is True
    assert accel.tax_id_kind(strings(tckn)).item() == "tckn"


@pytest.mark.parametrize(
    "text",
    [
        "17291716050",    # wrong check digits
        "10000000147",    # last digit off by one
        "10000000156",    # tenth digit off by one
        "01234567840",    # leading zero, check digits otherwise right
        "1000000014",     # too short
        "100000001460",   # too long
        "1000000014a",
        "",
    ],
)
def test_tckn_valid_rejects(text: str) -> None:
    assert accel.tckn_valid(strings(text)).item() is False


def test_tckn_leading_zero_is_the_only_fault() -> None:
    # Build "0123456784x" with correct check digits, so only the leading zero
    # can make it invalid.
    digits = [0, 1, 2, 3, 4, 5, 6, 7, 8]
    tenth = (7 * sum(digits[0::2]) - sum(digits[1::2])) % 10
    eleventh = (sum(digits) + tenth) % 10
    text = "".join(map(str, digits)) + f"{tenth}{eleventh}"

    assert text == "01234567840"
    assert accel.tckn_valid(strings(text)).item() is False
    assert accel.tax_id_kind(strings(text)).item() is None


def test_nulls_stay_null() -> None:
    values = strings(None, "4540536920")

    assert accel.vkn_valid(values).to_list() == [None, True]
    assert accel.tckn_valid(values).to_list() == [None, False]
    assert accel.tax_id_kind(values).to_list() == [None, "vkn"]


def test_tax_id_kind_rejects_invalid_numbers() -> None:
    kinds = accel.tax_id_kind(strings("4540536921", "17291716050", "abc"))

    assert kinds.dtype == pl.String
    assert kinds.to_list() == [None, None, None]


def test_integer_input_is_rejected() -> None:
    with pytest.raises(TypeError, match="vkn_valid: expected a String Series, got Int64"):
        accel.vkn_valid(pl.Series([4540536920]))
