"""Input checks shared by the kernel wrappers."""

import polars as pl


def require_series(value: object, function: str) -> pl.Series:
    """Raise TypeError unless value is a Polars Series."""
    if not isinstance(value, pl.Series):
        raise TypeError(f"{function}: expected a polars Series, got {type(value).__name__}")
    return value


def require_string(value: object, function: str) -> pl.Series:
    """Raise TypeError unless value is a String Series."""
    series = require_series(value, function)
    if series.dtype != pl.String:
        raise TypeError(f"{function}: expected a String Series, got {series.dtype}")
    return series


def require_decimal(value: object, function: str, argument: str) -> pl.Series:
    """Return value as a single-chunk Decimal Series; integer Series are cast exactly.

    Floats are rejected because money must not pass through binary fractions.
    """
    series = require_series(value, function)
    if series.dtype.is_integer():
        series = series.cast(pl.Decimal(38, 0))
    elif not isinstance(series.dtype, pl.Decimal):
        raise TypeError(f"{function}: expected a Decimal Series for {argument}, got {series.dtype}")
    if series.dtype.scale > 18:
        raise ValueError(f"{function}: expected a scale of at most 18 for {argument}, "
                         f"got {series.dtype}")
    return series.rechunk()
