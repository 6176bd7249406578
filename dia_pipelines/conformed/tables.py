"""Declared columns of the conformed tables in ``dia_conformed``, with their Postgres types."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dia_pipelines.catalog import TABLES_BY_MODEL

CONFORMED_SCHEMA = "dia_conformed"

# Recomputed invoice amounts are whole kuruş.
AMOUNT = pl.Decimal(18, 2)
AMOUNT_SQL = "numeric(18,2)"


@dataclass(frozen=True)
class ConformedTable:
    name: str
    source_models: tuple[str, ...]
    primary_key: tuple[str, ...]
    columns: dict[str, tuple[pl.DataType, str]]  # name -> (Polars dtype, Postgres type)
    description: str

    @property
    def personal_columns(self) -> tuple[str, ...]:
        """Columns with personal data: those the catalog marks, and tax_id, which may be a TCKN."""
        marked = {
            column.name
            for model in self.source_models
            for column in TABLES_BY_MODEL[model].columns
            if column.personal
        }
        if "tax_id" in self.columns:
            marked.add("tax_id")
        return tuple(name for name in self.columns if name in marked)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {name: dtype for name, (dtype, _) in self.columns.items()}

    @property
    def postgres_columns(self) -> dict[str, str]:
        return {name: pg_type for name, (_, pg_type) in self.columns.items()}


def _raw(model: str, *names: str) -> dict[str, tuple[pl.DataType, str]]:
    """Columns copied unchanged from a raw table keep the catalog's declared types."""
    spec = TABLES_BY_MODEL[model]
    return {name: (spec.column(name).polars_dtype, spec.column(name).postgres_type) for name in names}


TEXT = (pl.String(), "text")
# sort_key columns hold accel.tr_sort_key as lower-case hex: compared byte by byte (COLLATE "C"),
# they put names in Turkish alphabetical order whatever the database's collation.
BOOLEAN = (pl.Boolean(), "boolean")
TENANT = {"tenant_id": TEXT, "firma_kodu": (pl.Int32(), "integer")}
PERIOD = {"donem_kodu": (pl.Int32(), "integer")}

CARI = ConformedTable(
    name="cari",
    source_models=("scf_carikart",),
    primary_key=("tenant_id", "firma_kodu", "_key"),
    description="Customers and vendors with Turkish-aware names, tax id checks and readable types.",
    columns={
        **TENANT,
        **_raw("scf_carikart", "_key", "carikartkodu", "unvan"),
        "unvan_upper": TEXT,
        "sort_key": TEXT,
        "match_key": TEXT,
        **_raw("scf_carikart", "carikarttipi"),
        "carikarttipi_label": TEXT,
        **_raw("scf_carikart", "durum"),
        "is_active": BOOLEAN,
        **_raw("scf_carikart", "verginumarasi", "tckimlikno"),
        "tax_id": TEXT,
        "tax_id_kind": TEXT,
        "tax_id_valid": BOOLEAN,
        **_raw(
            "scf_carikart", "vergidairesi", "sehir", "ilce", "bolge", "eposta", "telefon1", "ceptel",
            "borctoplam", "alacaktoplam", "bakiye", "dovizturu", "_date", "_cdate",
        ),
    },
)

STOK = ConformedTable(
    name="stok",
    source_models=("scf_stokkart",),
    primary_key=("tenant_id", "firma_kodu", "_key"),
    description="Items with Turkish-aware names for sorting and matching.",
    columns={
        **TENANT,
        **_raw("scf_stokkart", "_key", "stokkartkodu", "aciklama"),
        "aciklama_upper": TEXT,
        "sort_key": TEXT,
        "match_key": TEXT,
        **_raw("scf_stokkart", "stokkartturu", "durum"),
        "is_active": BOOLEAN,
        **_raw("scf_stokkart", "birimkodu", "kdvorani", "miktar", "satisfiyati", "ozelkod1kodu", "ozelkod2kodu", "_date"),
    },
)

FATURA_KALEMI = ConformedTable(
    name="fatura_kalemi",
    source_models=("scf_fatura_kalemi",),
    primary_key=("tenant_id", "firma_kodu", "_key"),
    description="Invoice lines with net, KDV and gross recomputed per line in whole kuruş.",
    columns={
        **TENANT,
        **PERIOD,
        **_raw(
            "scf_fatura_kalemi", "_key", "_key_scf_fatura", "sirano", "kalemturu", "stokkartkodu",
            "_key_scf_stokkart", "miktar", "birimfiyati", "indirimorani", "kdv",
        ),
        "net_amount": (AMOUNT, AMOUNT_SQL),
        "kdv_amount": (AMOUNT, AMOUNT_SQL),
        "gross_amount": (AMOUNT, AMOUNT_SQL),
        "dia_tutari": _raw("scf_fatura_kalemi", "tutari")["tutari"],
        "dia_indirimtutari": _raw("scf_fatura_kalemi", "indirimtutari")["indirimtutari"],
        "dia_kdvtutari": _raw("scf_fatura_kalemi", "kdvtutari")["kdvtutari"],
        "amounts_differ": BOOLEAN,
        **_raw("scf_fatura_kalemi", "_date"),
    },
)

FATURA = ConformedTable(
    name="fatura",
    source_models=("scf_fatura", "scf_fatura_kalemi"),
    primary_key=("tenant_id", "firma_kodu", "_key"),
    description="Invoice headers with totals summed from the recomputed lines, and a flag where DIA's differ.",
    columns={
        **TENANT,
        **PERIOD,
        **_raw(
            "scf_fatura", "_key", "fisno", "belgeno", "belgeno2", "tarih", "saat", "turu", "carikartkodu",
            "_key_scf_carikart", "dovizturu", "iptal",
        ),
        "line_count": (pl.Int32(), "integer"),
        "net_amount": (AMOUNT, AMOUNT_SQL),
        "kdv_amount": (AMOUNT, AMOUNT_SQL),
        "gross_amount": (AMOUNT, AMOUNT_SQL),
        "dia_toplam": _raw("scf_fatura", "toplam")["toplam"],
        "dia_toplamindirim": _raw("scf_fatura", "toplamindirim")["toplamindirim"],
        "dia_toplamkdv": _raw("scf_fatura", "toplamkdv")["toplamkdv"],
        "dia_net": _raw("scf_fatura", "net")["net"],
        "totals_differ": BOOLEAN,
        **_raw("scf_fatura", "_date"),
    },
)

CONFORMED_TABLES = (CARI, STOK, FATURA_KALEMI, FATURA)
