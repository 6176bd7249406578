"""Invoice headers (scf_fatura) and their lines (scf_fatura_kalemi) for one company and period.

Amounts are integers while computing: quantities in thousandths, unit prices in 1/10000 TL,
amounts in kuruş, discount rates in 1/100 percent. Per line:
    tutari        = round_half_away(miktar * birimfiyati, 2)
    indirimtutari = round_half_away(tutari * indirimorani / 100, 2)
    kdvtutari     = round_half_away((tutari - indirimtutari) * kdv / 100, 2)
and per header toplam, toplamindirim and toplamkdv are the sums over its lines and
net = toplam - toplamindirim + toplamkdv, except for NET_QUIRK_SHARE of headers whose net is a
few kuruş off, as DIA's own rounding sometimes leaves it.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from . import formats
from .pools import SERVICES
from .table import Table
from .tenant import RowContext
from .tricky import apply_tricks

NET_QUIRK_SHARE = 0.005
INVOICE_TYPES = {1: 15, 2: 35, 3: 35, 4: 3, 5: 7, 6: 2, 7: 2, 8: 1}
SERVICE_TYPES = (4, 5)


def round_half_away(numerator: np.ndarray, denominator: int) -> np.ndarray:
    """Divide and round half away from zero, exactly, on integer arrays."""
    numerator = np.asarray(numerator, dtype=np.int64)
    magnitude = (np.abs(numerator) + denominator // 2) // denominator
    return np.where(numerator < 0, -magnitude, magnitude)


def line_amounts(quantity_milli: np.ndarray, price_ten_thousandths: np.ndarray,
                 discount_hundredths: np.ndarray, kdv: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """tutari, indirimtutari and kdvtutari in kuruş for each line."""
    # miktar (1e-3) * birimfiyati (1e-4) is in 1e-7 TL, and a kuruş is 1e-2 TL.
    tutari = round_half_away(quantity_milli * price_ten_thousandths, 100_000)
    indirim = round_half_away(tutari * discount_hundredths, 10_000)
    kdv_amount = round_half_away((tutari - indirim) * kdv, 100)
    return tutari, indirim, kdv_amount


def header_totals(header_index: np.ndarray, count: int, tutari: np.ndarray, indirim: np.ndarray,
                  kdv_amount: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """toplam, toplamindirim, toplamkdv and net in kuruş per header."""
    toplam = np.bincount(header_index, weights=tutari, minlength=count).astype(np.int64)
    toplamindirim = np.bincount(header_index, weights=indirim, minlength=count).astype(np.int64)
    toplamkdv = np.bincount(header_index, weights=kdv_amount, minlength=count).astype(np.int64)
    return toplam, toplamindirim, toplamkdv, toplam - toplamindirim + toplamkdv


def to_units(values: np.ndarray | list, scale: int) -> np.ndarray:
    """Parse decimal strings back into integers with `scale` fraction digits."""
    factor = Decimal(10) ** scale
    return np.array([int(Decimal(str(value)) * factor) for value in values], dtype=np.int64)


def _invoice_days(ctx: RowContext, count: int) -> np.ndarray:
    period = ctx.period
    assert period is not None, "invoices belong to a period"
    first = formats.days_of(period.baslangictarihi)
    last = min(formats.days_of(period.bitistarihi), ctx.created_to // 86400)
    low = max(first, ctx.created_from // 86400)
    return np.sort(ctx.rng.integers(low, max(low, last) + 1, size=count))


def generate(ctx: RowContext, count: int, cards: Table, items: Table, branches: Table, depots: Table,
             lines_per_invoice: float = 3.0) -> tuple[Table, Table]:
    """Generate `count` invoices with about `lines_per_invoice` lines each."""
    rng, data = ctx.rng, ctx.data
    keys = data.allocate_keys("scf_fatura", count, rng)
    numbers = data.allocate_codes("scf_fatura", ctx.firma_kodu, ctx.donem_kodu, count)

    days = _invoice_days(ctx, count)
    seconds_of_day = rng.integers(8 * 3600, 19 * 3600, size=count)
    created = np.minimum(days * 86400 + seconds_of_day + rng.integers(0, 1800, size=count), ctx.created_to)
    touched = rng.random(count) < 0.2
    changed = created + np.where(touched, (rng.random(count) * np.maximum(ctx.created_to - created, 0)).astype(np.int64), 0)
    type_names = list(INVOICE_TYPES)
    weights = np.array(list(INVOICE_TYPES.values()), dtype=float)
    turu = np.array(type_names)[rng.choice(len(type_names), size=count, p=weights / weights.sum())]

    card = rng.integers(len(cards), size=count)
    branch = rng.integers(len(branches), size=count)
    depot = rng.integers(len(depots), size=count)

    line_counts = rng.integers(1, int(2 * lines_per_invoice), size=count)
    header_index = np.repeat(np.arange(count), line_counts)
    lines = _lines(ctx, header_index, turu[header_index], items)
    tutari, indirim, kdv_amount = lines.pop("_amounts")
    toplam, toplamindirim, toplamkdv, net = header_totals(header_index, count, tutari, indirim, kdv_amount)
    quirk = rng.random(count) < NET_QUIRK_SHARE
    net = net + np.where(quirk, rng.choice([-3, -2, -1, 1, 2, 3], size=count), 0)

    fisno = formats.zero_padded(numbers, 6)
    year = str(ctx.period.baslangictarihi.year) if ctx.period else ""
    e_invoice = rng.random(count) < 0.6
    belgeno2 = "DIA" + year + formats.zero_padded(numbers, 9)
    belgeno2[~e_invoice] = ""
    date_text = formats.dates(days)
    created_text, changed_text = formats.timestamps(created), formats.timestamps(changed)
    # Cash sales have no due date (null); the others are due 0 to 90 days after the invoice.
    due_dates = formats.dates(days + rng.choice([0, 30, 60, 90], size=count))
    due_dates[rng.random(count) < 0.4] = None
    header_note = formats.text([""] * count)
    noted = rng.random(count) < 0.1
    header_note[noted] = "Sipariş no " + formats.int_text(rng.integers(1000, 99999, size=int(noted.sum())))

    header = Table("scf_fatura", keys, {
        "_key": data.encode_keys(keys),
        "_date": changed_text,
        "_cdate": created_text,
        "fisno": fisno,
        "belgeno": "A" + fisno,
        "belgeno2": belgeno2,
        "tarih": date_text,
        "saat": formats.times(seconds_of_day),
        "turu": formats.as_objects(turu.tolist()),
        "carikartkodu": cards.columns["carikartkodu"][card],
        "unvan": cards.columns["unvan"][card],
        "_key_scf_carikart": cards.columns["_key"][card],
        "toplam": formats.decimals_from_cents(toplam),
        "toplamindirim": formats.decimals_from_cents(toplamindirim),
        "toplamkdv": formats.decimals_from_cents(toplamkdv),
        "net": formats.decimals_from_cents(net),
        "dovizturu": formats.pick(["TL", "TL", "TL", "TL", "TL", "TL", "TL", "TL", "TL", "USD"], rng.integers(10, size=count)),
        "iptal": formats.pick(["f", "t"], (rng.random(count) < 0.02).astype(np.int64)),
        "_key_sis_sube": branches.columns["_key"][branch],
        "_key_sis_depo": depots.columns["_key"][depot],
        "aciklama": apply_tricks(rng, header_note, data.tricky_share),
        "vadetarihi": due_dates,
    })

    line_keys = data.allocate_keys("scf_fatura_kalemi", len(header_index), rng)
    first_line = np.concatenate([[0], np.cumsum(line_counts)[:-1]])
    sirano = np.arange(len(header_index)) - first_line[header_index] + 1
    line_columns = {
        "_key": data.encode_keys(line_keys),
        "_date": changed_text[header_index],
        "_cdate": created_text[header_index],
        "_key_scf_fatura": header.columns["_key"][header_index],
        "fisno": fisno[header_index],
        "tarih": date_text[header_index],
        "turu": header.columns["turu"][header_index],
        "sirano": formats.as_objects(sirano.tolist()),
        **lines,
    }
    return header, Table("scf_fatura_kalemi", line_keys, line_columns)


def _lines(ctx: RowContext, header_index: np.ndarray, line_turu: np.ndarray, items: Table) -> dict:
    rng = ctx.rng
    count = len(header_index)
    service = np.isin(line_turu, SERVICE_TYPES) | (rng.random(count) < 0.05)
    item = rng.integers(len(items), size=count)
    item_price = to_units(items.columns["satisfiyati"][item].tolist(), 2) if len(items) else np.zeros(count, np.int64)
    item_kdv = to_units(items.columns["kdvorani"][item].tolist(), 0) if len(items) else np.full(count, 20)
    service_index = rng.integers(len(SERVICES), size=count)
    service_price = np.array([price for _, price in SERVICES], dtype=np.int64)[service_index]

    units = items.columns["birimkodu"][item]
    fractional_unit = ((units == "KG") | (units == "LT") | (units == "MT")) & ~service
    quantity = np.where(fractional_unit, rng.integers(250, 80_000, size=count), rng.integers(1, 40, size=count) * 1000)
    base_cents = np.where(service, service_price, np.maximum(item_price, 1))
    price = (base_cents * rng.uniform(0.9, 1.1, size=count)).astype(np.int64) * 100
    four_digits = rng.random(count) < 0.1
    price = np.where(four_digits, price + rng.integers(0, 100, size=count), price)
    discount = np.where(rng.random(count) < 0.3, rng.choice([500, 1000, 1250, 1500, 2000], size=count), 0)
    kdv = np.where(service, 20, item_kdv)
    kdv = np.where(rng.random(count) < 0.01, 0, kdv)
    tutari, indirim, kdv_amount = line_amounts(quantity, price, discount, kdv)

    item_codes = items.columns["stokkartkodu"][item]
    item_codes[service] = None
    item_keys = items.columns["_key"][item]
    item_keys[service] = None
    return {
        "kalemturu": formats.pick(["MLZM", "HZMT"], service.astype(np.int64)),
        "stokkartkodu": item_codes,
        "_key_scf_stokkart": item_keys,
        "aciklama": np.where(service, formats.pick([name for name, _ in SERVICES], service_index), items.columns["aciklama"][item]),
        "miktar": formats.decimals_from_milli(quantity),
        "birimfiyati": formats.decimals(price, 4),
        "tutari": formats.decimals_from_cents(tutari),
        "indirimorani": formats.decimals(discount, 2),
        "indirimtutari": formats.decimals_from_cents(indirim),
        "kdv": formats.decimals(kdv, 0),
        "kdvtutari": formats.decimals_from_cents(kdv_amount),
        "_amounts": (tutari, indirim, kdv_amount),
    }

