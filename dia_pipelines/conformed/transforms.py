"""Polars transforms from raw DIA rows to the conformed tables, built on the accel kernels.

Each function takes typed raw frames (read with the catalog's declared schema) and returns a
frame with exactly the columns and dtypes its ConformedTable declares.
"""

from __future__ import annotations

import polars as pl

import accel

from .tables import AMOUNT, CARI, FATURA, FATURA_KALEMI, STOK, ConformedTable

CARIKARTTIPI_LABELS = {"AL": "buyer", "AS": "buyer and seller", "ST": "seller", "SA": "seller"}

# DIA's stored totals may differ from ours by rounding; more than one kuruş is a real difference.
KURUS_TOLERANCE = pl.lit(0.01).cast(AMOUNT)


def _conform(frame: pl.DataFrame, table: ConformedTable) -> pl.DataFrame:
    """Select the declared columns in order and cast to the declared dtypes (all already exact)."""
    return frame.select([pl.col(name).cast(dtype, strict=True) for name, dtype in table.polars_schema.items()])


def _blank_to_null(name: str) -> pl.Expr:
    value = pl.col(name).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def conform_cari(raw: pl.DataFrame) -> pl.DataFrame:
    tax_id = pl.coalesce(_blank_to_null("verginumarasi"), _blank_to_null("tckimlikno"))
    frame = raw.with_columns(tax_id.alias("tax_id"))
    names = frame.get_column("unvan")
    tax_ids = frame.get_column("tax_id")
    kinds = accel.tax_id_kind(tax_ids)
    frame = frame.with_columns(
        accel.tr_upper(names).alias("unvan_upper"),
        accel.tr_sort_key(names, hex_digits=True).alias("sort_key"),
        accel.match_key(names).alias("match_key"),
        pl.col("carikarttipi").replace_strict(CARIKARTTIPI_LABELS, default=None, return_dtype=pl.String)
        .alias("carikarttipi_label"),
        (pl.col("durum") == "A").alias("is_active"),
        kinds.alias("tax_id_kind"),
        accel.vkn_valid(tax_ids).alias("_vkn_valid"),
        accel.tckn_valid(tax_ids).alias("_tckn_valid"),
    )
    frame = frame.with_columns(
        pl.when(pl.col("tax_id").is_null())
        .then(None)
        .when(pl.col("tax_id").str.len_chars() == 10)
        .then(pl.col("_vkn_valid"))
        .otherwise(pl.col("_tckn_valid"))
        .alias("tax_id_valid")
    )
    return _conform(frame, CARI)


def conform_stok(raw: pl.DataFrame) -> pl.DataFrame:
    names = raw.get_column("aciklama")
    frame = raw.with_columns(
        accel.tr_upper(names).alias("aciklama_upper"),
        accel.tr_sort_key(names, hex_digits=True).alias("sort_key"),
        accel.match_key(names).alias("match_key"),
        (pl.col("durum") == "A").alias("is_active"),
    )
    return _conform(frame, STOK)


def conform_fatura_kalemi(raw: pl.DataFrame) -> pl.DataFrame:
    totals = accel.line_totals(
        raw.get_column("miktar"), raw.get_column("birimfiyati"), raw.get_column("indirimorani"), raw.get_column("kdv")
    )
    frame = raw.with_columns(
        totals.get_column("net").alias("net_amount"),
        totals.get_column("kdvtutari").alias("kdv_amount"),
        totals.get_column("gross").alias("gross_amount"),
        pl.col("tutari").alias("dia_tutari"),
        pl.col("indirimtutari").alias("dia_indirimtutari"),
        pl.col("kdvtutari").alias("dia_kdvtutari"),
    )
    dia_net = pl.col("dia_tutari") - pl.col("dia_indirimtutari")
    frame = frame.with_columns(
        (
            ((dia_net - pl.col("net_amount")).abs() > KURUS_TOLERANCE)
            | ((pl.col("dia_kdvtutari") - pl.col("kdv_amount")).abs() > KURUS_TOLERANCE)
        )
        .fill_null(True)
        .alias("amounts_differ")
    )
    return _conform(frame, FATURA_KALEMI)


def conform_fatura(headers: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """Sum the conformed lines of each invoice; an invoice's totals are the sum of its rounded lines."""
    sums = lines.group_by("firma_kodu", "_key_scf_fatura").agg(
        pl.len().cast(pl.Int32).alias("line_count"),
        pl.col("net_amount").sum().cast(AMOUNT),
        pl.col("kdv_amount").sum().cast(AMOUNT),
        pl.col("gross_amount").sum().cast(AMOUNT),
    )
    zero = pl.lit(0).cast(AMOUNT)
    frame = (
        headers.join(sums, left_on=["firma_kodu", "_key"], right_on=["firma_kodu", "_key_scf_fatura"], how="left")
        .with_columns(
            pl.col("line_count").fill_null(0),
            pl.col("net_amount").fill_null(zero),
            pl.col("kdv_amount").fill_null(zero),
            pl.col("gross_amount").fill_null(zero),
            pl.col("toplam").alias("dia_toplam"),
            pl.col("toplamindirim").alias("dia_toplamindirim"),
            pl.col("toplamkdv").alias("dia_toplamkdv"),
            pl.col("net").alias("dia_net"),
        )
    )
    frame = frame.with_columns(
        (
            ((pl.col("dia_net") - pl.col("gross_amount")).abs() > KURUS_TOLERANCE)
            | ((pl.col("dia_toplamkdv") - pl.col("kdv_amount")).abs() > KURUS_TOLERANCE)
        )
        .fill_null(True)
        .alias("totals_differ")
    )
    return _conform(frame, FATURA)
