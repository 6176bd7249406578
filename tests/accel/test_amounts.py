"""Fixed cases for parse_amount and invalid_amounts in DIA's and the Turkish form."""

from decimal import Decimal

import polars as pl
import pytest

import accel


def strings(*values: str | None) -> pl.Series:
    return pl.Series("tutar", list(values), dtype=pl.String)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("335.160000", "335.16"),
        ("-12.5", "-12.5"),
        ("+7", "7"),
        ("0", "0"),
        ("-0.000000", "0"),
        ("0.000001", "0.000001"),
        ("1.500000000", "1.5"),                 # zeros beyond the scale are exact
        ("1234567890123456789012.123456", "1234567890123456789012.123456"),
    ],
)
def test_parse_dia_form(text: str, amount: str) -> None:
    result = accel.parse_amount(strings(text))

    assert result.dtype == pl.Decimal(28, 6)
    assert result.item() == Decimal(amount)
    assert accel.invalid_amounts(strings(text)).item() is False


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("-1.234.567,5", "-1234567.5"),
        ("1234,5", "1234.5"),
        ("0,01", "0.01"),
        ("12", "12"),
        ("1.234", "1234"),                      # a dot always groups thousands
    ],
)
def test_parse_turkish_form(text: str, amount: str) -> None:
    result = accel.parse_amount(strings(text), "tr", precision=18, scale=2)

    assert result.dtype == pl.Decimal(18, 2)
    assert result.item() == Decimal(amount)


@pytest.mark.parametrize(
    ("style", "text"),
    [
        ("dia", ""),
        ("dia", "12,5x"),
        ("dia", "1,5"),
        ("dia", ".5"),
        ("dia", "5."),
        ("dia", " 5"),
        ("dia", "5 TL"),
        ("dia", "1e5"),
        ("dia", "--5"),
        ("dia", "NaN"),
        ("dia", "1.0000001"),                   # a digit beyond scale 6
        ("dia", "12345678901234567890123"),     # 23 integer digits exceed Decimal(28, 6)
        ("dia", "٣"),                           # non-ASCII digit
        ("tr", "12.34"),                        # not a group of three
        ("tr", "1234.567"),                     # first group longer than three
        ("tr", "1.234,"),
        ("tr", ",5"),
        ("tr", "1,234.56"),
        ("tr", "1.234,5678901"),
    ],
)
def test_invalid_text_is_null_and_flagged(style: str, text: str) -> None:
    values = strings(text, "1", None)

    assert accel.parse_amount(values, style).to_list() == [None, Decimal(1), None]
    assert accel.invalid_amounts(values, style).to_list() == [True, False, False]


def test_largest_amount_fits_precision() -> None:
    largest = "9" * 22 + "." + "9" * 6

    assert accel.parse_amount(strings(largest)).item() == Decimal(largest)
    assert accel.parse_amount(strings("1" + "0" * 22)).item() is None


def test_full_precision_38_digits() -> None:
    # 10**38 - 1 is the largest 38-digit value, and 10**38 is the first that overflows.
    values = strings("9" * 38, "1" + "0" * 38)

    result = accel.parse_amount(values, precision=38, scale=0)

    assert result.to_list() == [Decimal("9" * 38), None]


def test_unknown_style_is_rejected() -> None:
    with pytest.raises(ValueError, match="expected style 'dia' or 'tr', got 'en'"):
        accel.parse_amount(strings("1"), "en")


def test_invalid_precision_is_rejected() -> None:
    with pytest.raises(ValueError, match="precision"):
        accel.parse_amount(strings("1"), precision=39)
