"""Code tables of one company: regions, currencies, tax offices, special codes, branches,
warehouses, sales reps and the chart of accounts.

They are small, so rows are built as dicts and then turned into columns.
"""

from __future__ import annotations

from typing import Any

from . import formats
from .models import MODELS, OBJECT_KINDS
from .pools import CITIES, CURRENCIES, GOODS, REGIONS, SECTORS, TAX_OFFICES, ascii_slug, name_pools
from .table import Table
from .tenant import RowContext

# The top of the Turkish uniform chart of accounts (Tekdüzen Hesap Planı) that invoices touch.
MAIN_ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("100", "Kasa"), ("101", "Alınan Çekler"), ("102", "Bankalar"), ("120", "Alıcılar"),
    ("121", "Alacak Senetleri"), ("153", "Ticari Mallar"), ("191", "İndirilecek KDV"),
    ("255", "Demirbaşlar"), ("320", "Satıcılar"), ("321", "Borç Senetleri"),
    ("360", "Ödenecek Vergi ve Fonlar"), ("391", "Hesaplanan KDV"), ("500", "Sermaye"),
    ("600", "Yurt İçi Satışlar"), ("601", "Yurt Dışı Satışlar"), ("610", "Satıştan İadeler"),
    ("611", "Satış İskontoları"), ("621", "Satılan Ticari Mallar Maliyeti"),
    ("632", "Genel Yönetim Giderleri"), ("760", "Pazarlama Satış ve Dağıtım Giderleri"),
    ("770", "Genel Yönetim Giderleri"),
)
BANKS: tuple[str, ...] = ("Ziraat Bankası", "İş Bankası", "Garanti BBVA", "Yapı Kredi", "Akbank", "Halkbank", "VakıfBank")


def build_table(ctx: RowContext, model: str, rows: list[dict[str, Any]]) -> Table:
    """Give rows keys and timestamps and store them as a table with the model's columns."""
    spec = MODELS[model]
    keys = ctx.data.allocate_keys(model, len(rows), ctx.rng)
    created, changed = ctx.record_times(len(rows))
    columns = {
        "_key": ctx.data.encode_keys(keys),
        "_date": formats.timestamps(changed),
        "_cdate": formats.timestamps(created),
    }
    for name, kind in spec.columns.items():
        if name not in columns:
            values = [row.get(name) for row in rows]
            columns[name] = formats.as_objects(values) if kind in OBJECT_KINDS else formats.text(values)
    return Table(model, keys, columns)


def regions(ctx: RowContext) -> Table:
    return build_table(ctx, "dag_bolge", [{"kodu": code, "aciklama": name} for code, name in REGIONS])


def currencies(ctx: RowContext) -> Table:
    rows = [{"kodu": code, "adi": short, "uzunadi": long} for code, short, long in CURRENCIES]
    return build_table(ctx, "sis_doviz", rows)


def tax_offices(ctx: RowContext) -> Table:
    rows = [
        {"kodu": f"{(index + 1) * 1013 % 1_000_000:06d}", "adi": f"{name} Vergi Dairesi", "sehir": city}
        for index, (name, city) in enumerate(TAX_OFFICES)
    ]
    return build_table(ctx, "sis_vergidairesi", rows)


def special_codes(ctx: RowContext, count: int) -> Table:
    """Special codes: item groups (STOK1), brands (STOK2) and customer segments (CARI1)."""
    groups = sorted({name.split()[0].upper() for name, *_ in GOODS})
    rows: list[dict[str, Any]] = []
    for index in range(count):
        kind = ("STOK1", "STOK2", "CARI1")[index % 3]
        if kind == "STOK1":
            text = groups[index // 3 % len(groups)]
            rows.append({"kod": f"G{index:03d}", "aciklama": f"{text.title()} Grubu", "turkodu": kind})
        elif kind == "STOK2":
            brand = name_pools().last_names[index * 7 % len(name_pools().last_names)]
            rows.append({"kod": f"M{index:03d}", "aciklama": f"{brand} Marka", "turkodu": kind})
        else:
            rows.append({"kod": f"S{index:03d}", "aciklama": f"{SECTORS[index % len(SECTORS)]} Segmenti", "turkodu": kind})
    return build_table(ctx, "sis_ozelkod", rows)


def branches(ctx: RowContext) -> Table:
    """The head office plus one to three city branches; `merkez` comes as "1"/"0" as on some screens."""
    rows = [{"subekodu": "MERKEZ", "subeadi": "Merkez Şube", "sehir": "İstanbul", "merkez": "1"}]
    for number in range(1, int(ctx.rng.integers(2, 5))):
        city = CITIES[(number * 3 + ctx.firma_kodu) % len(CITIES)][0]
        rows.append({"subekodu": f"SB{number:02d}", "subeadi": f"{city} Şubesi", "sehir": city, "merkez": "0"})
    return build_table(ctx, "sis_sube", rows)


def warehouses(ctx: RowContext, branch_table: Table) -> Table:
    rows = []
    for position, branch_key in enumerate(branch_table.keys.tolist()):
        branch_name = branch_table.columns["subeadi"][position]
        for number in range(1, int(ctx.rng.integers(2, 4))):
            rows.append({
                "depokodu": f"D{position:02d}{number}",
                "depoadi": f"{branch_name} Depo {number}",
                "_key_sis_sube": branch_table.columns["_key"][position],
                "durum": "A" if number < 3 else "P",
            })
    return build_table(ctx, "sis_depo", rows)


def sales_reps(ctx: RowContext, count: int) -> Table:
    pools = name_pools()
    first = ctx.rng.integers(len(pools.first_names), size=count)
    last = ctx.rng.integers(len(pools.last_names), size=count)
    rows = []
    for index in range(count):
        given, family = pools.first_names[first[index]], pools.last_names[last[index]]
        rows.append({
            "kodu": f"SE{index + 1:03d}",
            "aciklama": f"{given} {family}",
            "eposta": f"{ascii_slug(given)}.{ascii_slug(family)}@firma.com.tr",
            "telefon": f"0532 {ctx.rng.integers(100, 999)} {ctx.rng.integers(10, 99)} {ctx.rng.integers(10, 99)}",
            "durum": "A" if ctx.rng.random() < 0.9 else "P",
            "satiselemanimi": "t",
        })
    return build_table(ctx, "scf_satiselemani", rows)


def accounts(ctx: RowContext, count: int) -> Table:
    """Main accounts, then sub-accounts (banks, customer groups) until `count` rows."""
    rows: list[dict[str, Any]] = [
        {"hesapkodu": code, "aciklama": name, "ustkod": None, "hareketgorebilir": "H", "dovizturu": "TL"}
        for code, name in MAIN_ACCOUNTS
    ]
    parents = [code for code, _ in MAIN_ACCOUNTS]
    for index in range(max(0, count - len(rows))):
        parent = parents[index % len(parents)]
        name = BANKS[index % len(BANKS)] if parent == "102" else f"{dict(MAIN_ACCOUNTS)[parent]} {index // len(parents) + 1}"
        rows.append({
            "hesapkodu": f"{parent}.{index // len(parents) + 1:02d}",
            "aciklama": name,
            "ustkod": parent,
            "hareketgorebilir": "E",
            "dovizturu": "USD" if parent == "102" and index % 5 == 4 else "TL",
        })
    return build_table(ctx, "muh_hesapkarti", rows)


