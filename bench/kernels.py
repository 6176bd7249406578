"""Benchmark the accel kernels against their Python references and native Polars.

Run with ``python -m bench.kernels [--rows N] [--reference-rows M]``. Every
kernel runs over N generated values (default one million). Its result must
equal the Python reference on the first M values (default 100,000, because the
reference takes about a minute per million values) and the native Polars
expression on all N values; a mismatch fails the run. The printed ratios are
per value: reference time / kernel time and Polars time / kernel time, so a
ratio above 1 means the kernel is faster.
"""

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

import accel
from accel import reference, rules
from bench import kernel_data


@dataclass(frozen=True)
class Benchmark:
    name: str
    inputs: Callable[[int], object]                  # rows -> input for the three runners
    kernel: Callable[[object], object]
    reference: Callable[[object, int], list]         # (input, rows) -> per-row results
    polars: Callable[[object], object] | None        # None when Polars cannot express it


def _string_reference(function: Callable) -> Callable[[pl.Series, int], list]:
    def run(series: pl.Series, rows: int) -> list:
        return [function(value) for value in series.head(rows).to_list()]

    return run


# ---- native Polars expressions ----------------------------------------------

def polars_upper(s: pl.Series) -> pl.Series:
    return s.str.replace_all("i", "İ", literal=True).str.to_uppercase()


def polars_lower(s: pl.Series) -> pl.Series:
    return (s.str.replace_all("I", "ı", literal=True)
            .str.replace_all("İ", "i", literal=True)
            .str.to_lowercase())


def polars_sort_key(s: pl.Series) -> pl.Series:
    """Replace every character by its weight with Aho-Corasick (str.replace_many).

    This needs the data's alphabet up front and every weight to be ASCII, which
    holds for the benchmark names; arbitrary text has no native equivalent.
    """
    alphabet = set("".join(s.unique().drop_nulls().to_list()))
    weights = {char: rules.sort_weight(char) for char in alphabet}
    if any(weight == b"" or max(weight) >= 0x80 for weight in weights.values()):
        raise ValueError("the benchmark alphabet needs non-ASCII sort weights")
    mapping = {char: weight.decode("ascii") for char, weight in weights.items()}
    return s.str.replace_many(mapping).cast(pl.Binary)


def polars_match_key(s: pl.Series) -> pl.Series:
    folds = {"Ç": "C", "Ğ": "G", "İ": "I", "Ö": "O", "Ş": "S", "Ü": "U", "Â": "A", "Î": "I",
             "Û": "U"}
    return (polars_upper(s)
            .str.replace_many(folds)
            .str.replace_all(r"[^\p{L}\p{N}\s]", "")
            .str.replace_all(r"\s+", " ")
            .str.strip_chars())


def _digit(column: pl.Expr, position: int) -> pl.Expr:
    return column.str.slice(position, 1).cast(pl.Int32, strict=False)


def _vkn_expr(column: pl.Expr) -> pl.Expr:
    total = pl.lit(0)
    for position in range(9):
        term = (_digit(column, position) + 9 - position) % 10
        weighted = term * 2 ** (9 - position) % 9
        total = total + pl.when(term == 0).then(0).when(weighted == 0).then(9).otherwise(weighted)
    check = (10 - total % 10) % 10 == _digit(column, 9)
    return column.str.contains(r"^[0-9]{10}$") & check


def _tckn_expr(column: pl.Expr) -> pl.Expr:
    odd = sum(_digit(column, position) for position in range(0, 9, 2))
    even = sum(_digit(column, position) for position in range(1, 8, 2))
    first_ten = sum(_digit(column, position) for position in range(10))
    tenth_ok = (7 * odd - even) % 10 == _digit(column, 9)
    eleventh_ok = first_ten % 10 == _digit(column, 10)
    return column.str.contains(r"^[1-9][0-9]{10}$") & tenth_ok & eleventh_ok


def _select(s: pl.Series, expression: pl.Expr) -> pl.Series:
    return s.to_frame().select(expression.alias(s.name)).to_series()


def polars_vkn(s: pl.Series) -> pl.Series:
    return _select(s, _vkn_expr(pl.col(s.name)))


def polars_tckn(s: pl.Series) -> pl.Series:
    return _select(s, _tckn_expr(pl.col(s.name)))


def polars_tax_id_kind(s: pl.Series) -> pl.Series:
    column = pl.col(s.name)
    kind = pl.when(_vkn_expr(column)).then(pl.lit("vkn")).when(_tckn_expr(column)).then(pl.lit("tckn"))
    return _select(s, kind)


def polars_dia_amount(s: pl.Series) -> pl.Series:
    # The cast alone accepts "1e5" and rounds extra decimals, so the form is checked first.
    column = pl.col(s.name)
    well_formed = column.str.contains(r"^[+-]?[0-9]+(\.[0-9]{1,6}0*)?$")
    return _select(s, pl.when(well_formed).then(column.cast(pl.Decimal(28, 6), strict=False)))


def polars_tr_amount(s: pl.Series) -> pl.Series:
    column = pl.col(s.name)
    well_formed = column.str.contains(r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]{1,6}0*)?$")
    dotted = column.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    return _select(s, pl.when(well_formed).then(dotted.cast(pl.Decimal(28, 6), strict=False)))


def polars_line_totals(columns: dict[str, pl.Series]) -> pl.DataFrame:
    # Polars keeps the larger input scale on multiplication, so the inputs are
    # widened to 12 decimals first, or quantity * price would be rounded twice.
    wide = pl.Decimal(38, 12)
    kurus = pl.Decimal(18, 2)

    def rounded(expression: pl.Expr) -> pl.Expr:
        return expression.round(2, mode="half_away_from_zero")

    frame = pl.DataFrame(columns)
    tutari = rounded(pl.col("quantity").cast(wide) * pl.col("unit_price").cast(wide))
    return (
        frame.select(tutari=tutari, discount_rate=pl.col("discount_rate"), kdv_rate=pl.col("kdv_rate"))
        .with_columns(indirimtutari=rounded(pl.col("tutari").cast(wide) * pl.col("discount_rate").cast(wide) / 100))
        .with_columns(net=pl.col("tutari") - pl.col("indirimtutari"))
        .with_columns(kdvtutari=rounded(pl.col("net").cast(wide) * pl.col("kdv_rate").cast(wide) / 100))
        .with_columns(gross=pl.col("net") + pl.col("kdvtutari"))
        .select(pl.col("tutari", "indirimtutari", "net", "kdvtutari", "gross").cast(kurus))
    )


# ---- the benchmark table ------------------------------------------------------

SEED = 20261204


def _line_reference(columns: dict[str, pl.Series], rows: int) -> list:
    return [reference.line_totals(*row) for row in kernel_data.decimal_rows(columns, rows)]


def _frame_rows(frame: pl.DataFrame) -> list:
    return [None if all(value is None for value in row.values()) else row for row in frame.to_dicts()]


BENCHMARKS = [
    Benchmark("tr_upper", lambda n: kernel_data.company_names(n, SEED), accel.tr_upper,
              _string_reference(reference.tr_upper), polars_upper),
    Benchmark("tr_lower", lambda n: kernel_data.company_names(n, SEED), accel.tr_lower,
              _string_reference(reference.tr_lower), polars_lower),
    Benchmark("tr_sort_key", lambda n: kernel_data.company_names(n, SEED), accel.tr_sort_key,
              _string_reference(reference.tr_sort_key), polars_sort_key),
    Benchmark("match_key", lambda n: kernel_data.company_names(n, SEED), accel.match_key,
              _string_reference(reference.match_key), polars_match_key),
    Benchmark("vkn_valid", lambda n: kernel_data.tax_numbers(n, SEED), accel.vkn_valid,
              _string_reference(reference.vkn_valid), polars_vkn),
    Benchmark("tckn_valid", lambda n: kernel_data.tax_numbers(n, SEED), accel.tckn_valid,
              _string_reference(reference.tckn_valid), polars_tckn),
    Benchmark("tax_id_kind", lambda n: kernel_data.tax_numbers(n, SEED), accel.tax_id_kind,
              _string_reference(reference.tax_id_kind), polars_tax_id_kind),
    Benchmark("parse_amount dia", lambda n: kernel_data.dia_amounts(n, SEED), accel.parse_amount,
              _string_reference(reference.parse_amount), polars_dia_amount),
    Benchmark("parse_amount tr", lambda n: kernel_data.turkish_amounts(n, SEED),
              lambda s: accel.parse_amount(s, "tr"),
              _string_reference(lambda value: reference.parse_amount(value, "tr")),
              polars_tr_amount),
    Benchmark("line_totals", lambda n: kernel_data.invoice_lines(n, SEED),
              lambda columns: accel.line_totals(*columns.values()),
              _line_reference, polars_line_totals),
]


def _answers(result: object) -> list:
    if isinstance(result, pl.DataFrame):
        return _frame_rows(result)
    return result.to_list()


def _best_time(run: Callable[[], object], repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def run_benchmark(benchmark: Benchmark, rows: int, reference_rows: int, repeats: int) -> dict:
    """Time one kernel, compare its results, and return the measurements in seconds."""
    data = benchmark.inputs(rows)
    benchmark.kernel(data)                       # builds the lookup tables once

    kernel_time, kernel_result = _best_time(lambda: benchmark.kernel(data), repeats)
    answers = _answers(kernel_result)

    start = time.perf_counter()
    expected = benchmark.reference(data, reference_rows)
    reference_time = (time.perf_counter() - start) * rows / reference_rows
    if answers[:reference_rows] != expected:
        raise AssertionError(f"{benchmark.name}: kernel and Python reference disagree")

    polars_time = None
    if benchmark.polars is not None:
        polars_time, polars_result = _best_time(lambda: benchmark.polars(data), repeats)
        if _answers(polars_result) != answers:
            raise AssertionError(f"{benchmark.name}: kernel and native Polars disagree")

    return {"name": benchmark.name, "kernel": kernel_time, "reference": reference_time,
            "polars": polars_time}


def print_row(result: dict) -> None:
    polars = result["polars"]
    polars_text = f"{polars * 1000:9.1f} {polars / result['kernel']:8.2f}x" if polars else " " * 19
    print(f"{result['name']:<18} {result['kernel'] * 1000:9.1f} {polars_text} "
          f"{result['reference']:9.1f} {result['reference'] / result['kernel']:8.0f}x", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="values per kernel")
    parser.add_argument("--reference-rows", type=int, default=100_000,
                        help="values timed and checked with the Python reference")
    parser.add_argument("--repeats", type=int, default=3, help="runs per timing; the best counts")
    parser.add_argument("--only", nargs="*", help="benchmark names to run (default: all)")
    arguments = parser.parse_args(argv)
    reference_rows = min(arguments.reference_rows, arguments.rows)

    print(f"{arguments.rows:,} values per kernel; Python reference timed on "
          f"{reference_rows:,} and scaled; Polars {pl.__version__}")
    print(f"{'kernel':<18} {'accel ms':>9} {'polars ms':>9} {'vs pl':>9} "
          f"{'ref s':>9} {'vs ref':>9}")
    for benchmark in BENCHMARKS:
        if arguments.only and benchmark.name not in arguments.only:
            continue
        print_row(run_benchmark(benchmark, arguments.rows, reference_rows, arguments.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
