"""Money kernels: amount text to Decimal, and the arithmetic of invoice lines.

Polars stores a Decimal as a 128-bit integer (the value times 10**scale). The
kernels read and write those integers directly through the Arrow C Data
Interface (Arrow decimal128), so no value passes through a float or a string.
"""

import polars as pl

from accel import _amounts, _invoice
from accel._validation import require_decimal, require_string

AMOUNT_STYLES = ("dia", "tr")


def _parse(s: pl.Series, style: str, precision: int, scale: int, function: str):
    series = require_string(s, function)
    if style not in AMOUNT_STYLES:
        raise ValueError(f"{function}: expected style 'dia' or 'tr', got {style!r}")
    return series, _amounts.parse_amounts(series, style, precision, scale)


def parse_amount(s: pl.Series, style: str = "dia", *, precision: int = 28,
                 scale: int = 6) -> pl.Series:
    """Parse decimal text into a Decimal(precision, scale) Series, exactly.

    style="dia" reads DIA's wire form: an optional sign, digits, and an optional
    "." with digits ("335.160000", "-12.5", "7"). style="tr" reads the Turkish
    display form: "." groups thousands in threes and "," starts the fraction
    ("1.234,56", "-0,5", "1234,5"). Neither form allows spaces, a currency
    sign, or a bare leading or trailing separator.

    Returns null for null input and for text that is not an amount, including
    amounts with more than `precision` digits and non-zero digits beyond
    `scale` (trailing zeros beyond it are fine). invalid_amounts() returns
    which rows those were.
    """
    series, (amounts, _) = _parse(s, style, precision, scale, "parse_amount")
    return pl.Series(amounts).alias(series.name)


def invalid_amounts(s: pl.Series, style: str = "dia", *, precision: int = 28,
                    scale: int = 6) -> pl.Series:
    """Return a Boolean Series without nulls: true where parse_amount rejects non-null text."""
    series, (_, invalid) = _parse(s, style, precision, scale, "invalid_amounts")
    return pl.Series(invalid).alias(series.name)


def line_totals(quantity: pl.Series, unit_price: pl.Series, discount_rate: pl.Series,
                kdv_rate: pl.Series) -> pl.DataFrame:
    """Compute each invoice line's amounts in kuruş, as DIA does.

    Inputs are Decimal Series of equal length (DIA money loads as
    Decimal(28, 6); integer Series are accepted, floats are not). Rates are
    percentages (18 means 18 %). Each step rounds half away from zero to
    2 decimals (0,125 TL -> 0,13 TL; -0,125 TL -> -0,13 TL):

        tutari        = round(quantity * unit_price, 2)
        indirimtutari = round(tutari * discount_rate / 100, 2)
        net           = tutari - indirimtutari
        kdvtutari     = round(net * kdv_rate / 100, 2)
        gross         = net + kdvtutari

    An invoice's totals are the sums of its rounded lines: DIA's header
    toplam = sum(tutari), toplamindirim = sum(indirimtutari),
    toplamkdv = sum(kdvtutari) and header net = sum(gross).

    Returns a DataFrame with Decimal(18, 2) columns tutari, indirimtutari, net,
    kdvtutari and gross; a row with any null input is null in every column.
    Raises OverflowError when a line does not fit Decimal(18, 2).
    """
    arguments = {"quantity": quantity, "unit_price": unit_price,
                 "discount_rate": discount_rate, "kdv_rate": kdv_rate}
    columns = [require_decimal(value, "line_totals", name) for name, value in arguments.items()]
    lengths = {len(column) for column in columns}
    if len(lengths) > 1:
        raise ValueError(f"line_totals: expected Series of equal length, got lengths "
                         f"{[len(column) for column in columns]}")

    results = _invoice.line_totals(*columns)
    names = ("tutari", "indirimtutari", "net", "kdvtutari", "gross")
    return pl.DataFrame([pl.Series(result).alias(name) for name, result in zip(names, results)])
