"""Reproducible input columns for the kernel benchmark: Turkish names, tax numbers, amounts."""

import random
from decimal import Decimal

import polars as pl

from accel import reference

NAME_WORDS = [
    "Çağdaş", "İnşaat", "Gıda", "Özyurt", "Iğdır", "Şanlıurfa", "Ticaret", "Sanayi", "Ltd.",
    "Şti.", "A.Ş.", "Güneş", "Ünal", "Kırmızı", "Işık", "istanbul", "İzmir", "Öztürk", "Yıldız",
    "Çelik", "Doğan", "Kaya", "Demir", "Şahin", "Ayşe", "Mühendislik", "Tekstil", "Kağıt",
    "Makina", "2000", "ve", "&", "Oto", "Sağlık", "Eğitim", "Bilişim", "Turizm", "Lojistik",
]


def company_names(rows: int, seed: int) -> pl.Series:
    rng = random.Random(seed)
    names = [" ".join(rng.choices(NAME_WORDS, k=rng.randint(2, 5))) for _ in range(rows)]
    return pl.Series("unvan", names, dtype=pl.String)


def _with_check_digit(prefix: str) -> str:
    """Complete nine digits to a valid VKN by trying the ten possible check digits."""
    return next(prefix + digit for digit in "0123456789" if reference.vkn_valid(prefix + digit))


def _tckn(prefix: str) -> str:
    digits = [int(char) for char in prefix]
    tenth = (7 * sum(digits[0::2]) - sum(digits[1::2])) % 10
    return prefix + str(tenth) + str((sum(digits) + tenth) % 10)


def tax_numbers(rows: int, seed: int) -> pl.Series:
    """Generate a mix of valid VKNs, valid TCKNs, random 10- and 11-digit text and malformed text."""
    rng = random.Random(seed)
    values = []
    for _ in range(rows):
        kind = rng.random()
        if kind < 0.4:
            values.append(_with_check_digit(f"{rng.randrange(10**9):09d}"))
        elif kind < 0.7:
            values.append(_tckn(f"{rng.randrange(10**8, 10**9)}"))
        elif kind < 0.95:
            values.append(f"{rng.randrange(10**10):010d}" if kind < 0.85 else f"{rng.randrange(10**11):011d}")
        else:
            values.append(rng.choice(["", "12345", "454 0536920", "TR4540536920"]))
    return pl.Series("vergino", values, dtype=pl.String)


def dia_amounts(rows: int, seed: int) -> pl.Series:
    """Generate amounts in DIA's wire form with six decimals, about 1 % malformed."""
    rng = random.Random(seed)
    values = [
        f"{rng.choice(['', '-'])}{rng.randrange(10**7)}.{rng.randrange(10**6):06d}"
        if rng.random() > 0.01 else rng.choice(["12,5x", "", "abc", "1.2.3"])
        for _ in range(rows)
    ]
    return pl.Series("tutar", values, dtype=pl.String)


def turkish_amounts(rows: int, seed: int) -> pl.Series:
    """Generate amounts in the Turkish display form ("1.234.567,89"), about 1 % malformed."""
    rng = random.Random(seed)
    values = []
    for _ in range(rows):
        if rng.random() < 0.01:
            values.append(rng.choice(["12.34", "1,2,3", "", "1.234,5x"]))
            continue
        grouped = f"{rng.randrange(10**9):,}".replace(",", ".")
        values.append(f"{rng.choice(['', '-'])}{grouped},{rng.randrange(100):02d}")
    return pl.Series("tutar", values, dtype=pl.String)


def invoice_lines(rows: int, seed: int) -> dict[str, pl.Series]:
    """Generate quantity, unit price, discount and KDV rates as Decimal(28, 6), as DIA money loads."""
    rng = random.Random(seed)
    money = pl.Decimal(28, 6)

    def column(name: str, make) -> pl.Series:
        return pl.Series(name, [make() for _ in range(rows)], dtype=pl.String).cast(money)

    return {
        "quantity": column("miktar", lambda: f"{rng.randrange(1, 500)}.{rng.randrange(1000):03d}"),
        "unit_price": column("birimfiyati", lambda: f"{rng.randrange(10**5)}.{rng.randrange(10**6):06d}"),
        "discount_rate": column("indirimorani", lambda: rng.choice(["0", "0", "5", "12.5", "7.25"])),
        "kdv_rate": column("kdv", lambda: rng.choice(["20", "20", "10", "1", "0"])),
    }


def decimal_rows(columns: dict[str, pl.Series], rows: int) -> list[tuple[Decimal, ...]]:
    return list(zip(*(series.head(rows).to_list() for series in columns.values())))
