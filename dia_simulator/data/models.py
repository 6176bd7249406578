"""The models the simulator serves: their listing service, scope and column kinds.

A column's kind decides how filters compare it (keys, integers and decimals as numbers, the
rest, dates and timestamps included, as text) and how rows are sorted. Columns whose names start
with `__` imitate the screen helpers that real listings send along.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    KEY = "key"
    TEXT = "text"
    DECIMAL = "decimal"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    TIME = "time"
    TIMESTAMP = "timestamp"


NUMERIC_KINDS = frozenset({Kind.KEY, Kind.DECIMAL, Kind.INTEGER})
# Kinds stored as object arrays (ints, or a key as number or string); the rest as TEXT arrays.
OBJECT_KINDS = frozenset({Kind.KEY, Kind.INTEGER})

K, T, D, I, B = Kind.KEY, Kind.TEXT, Kind.DECIMAL, Kind.INTEGER, Kind.BOOLEAN
RECORD = {"_key": K, "_date": Kind.TIMESTAMP, "_cdate": Kind.TIMESTAMP}


@dataclass(frozen=True)
class ModelSpec:
    model: str
    listing_service: str
    period_scoped: bool
    columns: dict[str, Kind]
    # The code a person uses for the record; unique per company (per period for documents).
    code_column: str | None

    @property
    def module(self) -> str:
        return self.listing_service.split("_", 1)[0]


def _spec(model: str, columns: dict[str, Kind], code: str | None, *, period: bool = False, service: str = "") -> ModelSpec:
    return ModelSpec(model, service or f"{model}_listele", period, {**RECORD, **columns}, code)


MODELS: dict[str, ModelSpec] = {
    spec.model: spec
    for spec in (
        _spec(
            "scf_carikart",
            {
                "carikartkodu": T, "unvan": T, "carikarttipi": T, "durum": T, "potansiyel": B,
                "verginumarasi": T, "tckimlikno": T, "vergidairesi": T, "telefon1": T, "ceptel": T,
                "eposta": T, "adres": T, "sehir": T, "ilce": T, "bolge": T, "borctoplam": D,
                "alacaktoplam": D, "bakiye": D, "dovizturu": T, "_key_scf_satiselemani": K,
                "__carikartkodu": T, "__cellcolor": T,
            },
            "carikartkodu",
        ),
        _spec(
            "scf_stokkart",
            {
                "stokkartkodu": T, "aciklama": T, "stokkartturu": T, "durum": T, "ozelkod1kodu": T,
                "ozelkod2kodu": T, "birimkodu": T, "kdvorani": D, "miktar": D, "satisfiyati": D,
                "barkod": T,
            },
            "stokkartkodu",
        ),
        _spec("sis_ozelkod", {"kod": T, "aciklama": T, "turkodu": T}, "kod"),
        _spec("sis_doviz", {"kodu": T, "adi": T, "uzunadi": T}, "kodu"),
        _spec("sis_sube", {"subekodu": T, "subeadi": T, "sehir": T, "merkez": B}, "subekodu"),
        _spec("sis_depo", {"depokodu": T, "depoadi": T, "_key_sis_sube": K, "durum": T}, "depokodu"),
        _spec("sis_vergidairesi", {"kodu": T, "adi": T, "sehir": T}, "kodu"),
        _spec(
            "scf_satiselemani",
            {"kodu": T, "aciklama": T, "eposta": T, "telefon": T, "durum": T, "satiselemanimi": B},
            "kodu",
        ),
        _spec("dag_bolge", {"kodu": T, "aciklama": T}, "kodu"),
        _spec(
            "muh_hesapkarti",
            {"hesapkodu": T, "aciklama": T, "ustkod": T, "hareketgorebilir": B, "dovizturu": T},
            "hesapkodu",
        ),
        _spec(
            "scf_fatura",
            {
                "fisno": T, "belgeno": T, "belgeno2": T, "tarih": Kind.DATE, "saat": Kind.TIME, "turu": I,
                "carikartkodu": T, "unvan": T, "_key_scf_carikart": K, "toplam": D, "toplamindirim": D,
                "toplamkdv": D, "net": D, "dovizturu": T, "iptal": B, "_key_sis_sube": K, "_key_sis_depo": K,
                "aciklama": T, "vadetarihi": Kind.DATE,
            },
            "fisno",
            period=True,
        ),
        _spec(
            "scf_fatura_kalemi",
            {
                "_key_scf_fatura": K, "fisno": T, "tarih": Kind.DATE, "turu": I, "sirano": I, "kalemturu": T,
                "stokkartkodu": T, "_key_scf_stokkart": K, "aciklama": T, "miktar": D, "birimfiyati": D,
                "tutari": D, "indirimorani": D, "indirimtutari": D, "kdv": D, "kdvtutari": D,
            },
            None,
            period=True,
            service="scf_fatura_listele_ayrintili",
        ),
    )
}

MODELS_BY_LISTING_SERVICE: dict[str, ModelSpec] = {spec.listing_service: spec for spec in MODELS.values()}

# Models with a `_getir` service (invoice lines are read through their header).
GETIR_MODELS = frozenset(MODELS) - {"scf_fatura_kalemi"}
EKLE_MODELS = frozenset({"scf_carikart", "scf_fatura"})
