"""The DIA models we sync, each declared once.

Field lists follow public integrations with real DIA servers (see the "Models we sync first"
table of the DIA protocol notes in the README). DIA may send more columns than we declare;
only the declared ones are requested and stored.
"""

from __future__ import annotations

from .types import Column, Scope, TableSpec, Wire


def _record_columns() -> tuple[Column, ...]:
    """Return the key and the two audit timestamps that every DIA record carries."""
    return (
        Column("_key", Wire.KEY, "DIA record key, unique per model", nullable=False),
        Column("_date", Wire.TIMESTAMP, "last insert or update time (son islem tarihi)", nullable=False),
        Column("_cdate", Wire.TIMESTAMP, "creation time"),
    )


def _money(name: str, description: str) -> Column:
    return Column(name, Wire.DECIMAL, description)


SCF_CARIKART = TableSpec(
    model="scf_carikart",
    service="scf_carikart_listele",
    scope=Scope.COMPANY,
    description="Customers and vendors (cari kart).",
    business_key="carikartkodu",
    columns=(
        *_record_columns(),
        Column("carikartkodu", Wire.TEXT, "account code", nullable=False),
        Column("unvan", Wire.TEXT, "company or person name"),
        Column(
            "carikarttipi",
            Wire.TEXT,
            "AL buyer, AS buyer and seller, ST or SA seller",
            allowed=("AL", "AS", "ST", "SA"),
        ),
        Column("durum", Wire.TEXT, "A active, P passive", allowed=("A", "P")),
        Column("potansiyel", Wire.BOOLEAN, "prospect rather than customer"),
        Column("verginumarasi", Wire.TEXT, "tax number (VKN), 10 digits with leading zeros"),
        Column("tckimlikno", Wire.TEXT, "national id (TCKN) of a person", personal=True),
        Column("vergidairesi", Wire.TEXT, "tax office"),
        Column("telefon1", Wire.TEXT, "phone", personal=True),
        Column("ceptel", Wire.TEXT, "mobile phone", personal=True),
        Column("eposta", Wire.TEXT, "e-mail", personal=True),
        Column("sehir", Wire.TEXT, "city"),
        Column("ilce", Wire.TEXT, "district"),
        Column("bolge", Wire.TEXT, "sales region code"),
        _money("borctoplam", "total debit"),
        _money("alacaktoplam", "total credit"),
        _money("bakiye", "balance, debit minus credit"),
        Column("dovizturu", Wire.TEXT, "currency code"),
    ),
)

SCF_STOKKART = TableSpec(
    model="scf_stokkart",
    service="scf_stokkart_listele",
    scope=Scope.COMPANY,
    description="Items (stok kart).",
    business_key="stokkartkodu",
    columns=(
        *_record_columns(),
        Column("stokkartkodu", Wire.TEXT, "item code", nullable=False),
        Column("aciklama", Wire.TEXT, "item name"),
        Column("stokkartturu", Wire.TEXT, "item kind, e.g. TCR for trade goods"),
        Column("durum", Wire.TEXT, "A active, P passive", allowed=("A", "P")),
        Column("ozelkod1kodu", Wire.TEXT, "special code 1"),
        Column("ozelkod2kodu", Wire.TEXT, "special code 2"),
        Column("birimkodu", Wire.TEXT, "unit of measure, e.g. ADET"),
        Column("kdvorani", Wire.DECIMAL, "KDV (VAT) rate in percent", min_value=0, max_value=100),
        Column("miktar", Wire.DECIMAL, "quantity on hand"),
        _money("satisfiyati", "list sale price"),
    ),
)

SIS_OZELKOD = TableSpec(
    model="sis_ozelkod",
    service="sis_ozelkod_listele",
    scope=Scope.COMPANY,
    description="Special codes that classify cards.",
    business_key="kod",
    columns=(
        *_record_columns(),
        Column("kod", Wire.TEXT, "special code", nullable=False),
        Column("aciklama", Wire.TEXT, "description"),
        Column("turkodu", Wire.TEXT, "which card kind the code belongs to"),
    ),
)

SIS_DOVIZ = TableSpec(
    model="sis_doviz",
    service="sis_doviz_listele",
    scope=Scope.COMPANY,
    description="Currencies.",
    business_key="kodu",
    columns=(
        *_record_columns(),
        Column("kodu", Wire.TEXT, "currency code, e.g. USD", nullable=False),
        Column("adi", Wire.TEXT, "short name"),
        Column("uzunadi", Wire.TEXT, "long name"),
    ),
)

SIS_SUBE = TableSpec(
    model="sis_sube",
    service="sis_sube_listele",
    scope=Scope.COMPANY,
    description="Branches of a company.",
    business_key="subekodu",
    columns=(
        *_record_columns(),
        Column("subekodu", Wire.TEXT, "branch code", nullable=False),
        Column("subeadi", Wire.TEXT, "branch name"),
        Column("sehir", Wire.TEXT, "city"),
        Column("merkez", Wire.BOOLEAN, "head office"),
    ),
)

SIS_DEPO = TableSpec(
    model="sis_depo",
    service="sis_depo_listele",
    scope=Scope.COMPANY,
    description="Warehouses, each in one branch.",
    business_key="depokodu",
    columns=(
        *_record_columns(),
        Column("depokodu", Wire.TEXT, "warehouse code", nullable=False),
        Column("depoadi", Wire.TEXT, "warehouse name"),
        Column("_key_sis_sube", Wire.KEY, "branch key"),
        Column("durum", Wire.TEXT, "A active, P passive", allowed=("A", "P")),
    ),
)

SCF_SATISELEMANI = TableSpec(
    model="scf_satiselemani",
    service="scf_satiselemani_listele",
    scope=Scope.COMPANY,
    description="Sales representatives.",
    business_key="kodu",
    columns=(
        *_record_columns(),
        Column("kodu", Wire.TEXT, "sales rep code", nullable=False),
        Column("aciklama", Wire.TEXT, "full name", personal=True),
        Column("eposta", Wire.TEXT, "e-mail", personal=True),
        Column("telefon", Wire.TEXT, "phone", personal=True),
        Column("durum", Wire.TEXT, "A active, P passive", allowed=("A", "P")),
    ),
)

SCF_FATURA = TableSpec(
    model="scf_fatura",
    service="scf_fatura_listele",
    scope=Scope.PERIOD,
    description="Invoice headers.",
    business_key="fisno",
    page_size=5000,
    columns=(
        *_record_columns(),
        Column("fisno", Wire.TEXT, "voucher number", nullable=False),
        Column("belgeno", Wire.TEXT, "document number"),
        Column("belgeno2", Wire.TEXT, "e-invoice number"),
        Column("tarih", Wire.DATE, "invoice date", nullable=False),
        Column("saat", Wire.TIME, "invoice time"),
        Column(
            "turu",
            Wire.INTEGER,
            "1 purchase, 2 retail sale, 3 wholesale sale, 4 service bought, 5 service sold, 6-8 returns",
            nullable=False,
            min_value=1,
            max_value=8,
        ),
        Column("carikartkodu", Wire.TEXT, "customer or vendor code"),
        Column("_key_scf_carikart", Wire.KEY, "customer or vendor key"),
        _money("toplam", "sum of line amounts before discount"),
        _money("toplamindirim", "total discount"),
        _money("toplamkdv", "total KDV (VAT)"),
        _money("net", "amount payable: total minus discount plus KDV"),
        Column("dovizturu", Wire.TEXT, "currency code"),
        Column("iptal", Wire.BOOLEAN, "cancelled"),
    ),
)

SCF_FATURA_KALEMI = TableSpec(
    model="scf_fatura_kalemi",
    service="scf_fatura_listele_ayrintili",
    scope=Scope.PERIOD,
    description="Invoice lines.",
    business_key="_key",
    page_size=10000,
    columns=(
        *_record_columns(),
        Column("_key_scf_fatura", Wire.KEY, "invoice header key", nullable=False),
        Column("sirano", Wire.INTEGER, "line number within the invoice"),
        Column("kalemturu", Wire.TEXT, "MLZM item, HZMT service", allowed=("MLZM", "HZMT")),
        Column("stokkartkodu", Wire.TEXT, "item code"),
        Column("_key_scf_stokkart", Wire.KEY, "item key"),
        Column("miktar", Wire.DECIMAL, "quantity"),
        _money("birimfiyati", "unit price"),
        _money("tutari", "quantity times unit price, before discount"),
        Column("indirimorani", Wire.DECIMAL, "discount rate in percent", min_value=0, max_value=100),
        _money("indirimtutari", "discount amount"),
        Column("kdv", Wire.DECIMAL, "KDV (VAT) rate in percent", min_value=0, max_value=100),
        _money("kdvtutari", "KDV (VAT) amount"),
    ),
)

TABLES: tuple[TableSpec, ...] = (
    SCF_CARIKART,
    SCF_STOKKART,
    SIS_OZELKOD,
    SIS_DOVIZ,
    SIS_SUBE,
    SIS_DEPO,
    SCF_SATISELEMANI,
    SCF_FATURA,
    SCF_FATURA_KALEMI,
)

TABLES_BY_MODEL: dict[str, TableSpec] = {table.model: table for table in TABLES}
