"""Customer/vendor cards (scf_carikart) and item cards (scf_stokkart), built column by column.

Each column is an index array into a pool or an integer array formatted at the end, so the cost
per row is a handful of numpy element operations. This is what lets a million cards generate in
a few seconds.
"""

from __future__ import annotations

import numpy as np

from . import formats
from .pools import (
    CITIES, CITY_WEIGHTS, COMPANY_FORMS, FREE_MAIL_DOMAINS, GOODS, LANDLINES_PER_CITY, MOBILE_COUNT, SECTORS,
    TAX_OFFICES, combo_pools, name_pools,
)
from .table import Table
from .tenant import RowContext
from .tricky import apply_tricks
from .. import taxids

PERSON_SHARE = 0.3
INVALID_TAX_ID_SHARE = 0.02
EMPTY_TAX_ID_SHARE = 0.02
IMPORTED_SHARE = 0.01


def _choice(rng: np.random.Generator, weights: dict[str, float], count: int) -> np.ndarray:
    names = list(weights)
    probabilities = np.array(list(weights.values()), dtype=float)
    return formats.pick(names, rng.choice(len(names), size=count, p=probabilities / probabilities.sum()))


def _digits(rng: np.random.Generator, count: int, low: int, high: int) -> np.ndarray:
    return formats.int_text(rng.integers(low, high, size=count))


def _places(rng: np.random.Generator, count: int) -> tuple[np.ndarray, ...]:
    """City, district, "district/city", region code and a landline number per row."""
    weights = np.array(CITY_WEIGHTS, dtype=float)
    city = rng.choice(len(CITIES), size=count, p=weights / weights.sum())
    district_counts = np.array([len(entry[3]) for entry in CITIES])
    offsets = np.concatenate([[0], np.cumsum(district_counts)[:-1]])
    district = offsets[city] + (rng.random(count) * district_counts[city]).astype(np.int64)
    landline = city * LANDLINES_PER_CITY + rng.integers(LANDLINES_PER_CITY, size=count)
    combos = combo_pools()
    return (
        formats.pick([entry[0] for entry in CITIES], city),
        formats.pick([name for entry in CITIES for name in entry[3]], district),
        combos.places[district],
        formats.pick([entry[2] for entry in CITIES], city),
        combos.landlines[landline],
    )


def _tax_ids(rng: np.random.Generator, person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """VKN for companies and TCKN for people, a small share invalid or empty."""
    count = len(person)
    vkn = taxids.generate_vkns(rng, count, INVALID_TAX_ID_SHARE)
    tckn = taxids.generate_tckns(rng, count, INVALID_TAX_ID_SHARE)
    empty = rng.random(count) < EMPTY_TAX_ID_SHARE
    vkn[person | empty] = ""
    tckn[~person | empty] = ""
    return vkn, tckn


def _names_and_mails(rng: np.random.Generator, person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    count = len(person)
    pools, combos = name_pools(), combo_pools()
    first = rng.integers(len(pools.first_names), size=count)
    last = rng.integers(len(pools.last_names), size=count)
    sector = rng.integers(len(SECTORS), size=count)
    form = rng.integers(len(COMPANY_FORMS), size=count)
    domain = rng.integers(len(FREE_MAIL_DOMAINS), size=count)
    person_index = first * len(pools.last_names) + last
    company_index = last * len(SECTORS) + sector
    unvan = np.where(person, combos.person_names[person_index], combos.company_names[company_index * len(COMPANY_FORMS) + form])
    person_mail = combos.person_mails[person_index * len(FREE_MAIL_DOMAINS) + domain]
    eposta = np.where(person, person_mail, combos.company_mails[company_index])
    eposta[rng.random(count) < 0.08] = ""
    return unvan, eposta


def carikart(ctx: RowContext, count: int, sales_rep_keys: np.ndarray) -> Table:
    rng, data = ctx.rng, ctx.data
    keys = data.allocate_keys("scf_carikart", count, rng)
    codes = data.allocate_codes("scf_carikart", ctx.firma_kodu, None, count)
    created, changed = ctx.record_times(count)

    person = rng.random(count) < PERSON_SHARE
    unvan, eposta = _names_and_mails(rng, person)
    city, district, place, region, telefon = _places(rng, count)
    verginumarasi, tckimlikno = _tax_ids(rng, person)
    tax_office = formats.pick([f"{name} V.D." for name, _ in TAX_OFFICES], rng.integers(len(TAX_OFFICES), size=count))
    ceptel = combo_pools().mobiles[rng.integers(MOBILE_COUNT, size=count)]
    ceptel[rng.random(count) < 0.15] = None
    adres = combo_pools().streets[rng.integers(len(combo_pools().streets), size=count)] + place

    debit = np.round(rng.lognormal(11, 1.6, size=count)).astype(np.int64)
    credit = (debit * rng.random(count)).astype(np.int64)
    paid_off = rng.random(count) < 0.1
    credit[paid_off] = debit[paid_off]
    rep = rng.integers(len(sales_rep_keys), size=count) if len(sales_rep_keys) else np.zeros(count, dtype=np.int64)
    code_text = "C" + formats.zero_padded(codes, 7)
    created_text = formats.timestamps(created)
    # Cards carried over from an older system have no creation time.
    created_text[rng.random(count) < IMPORTED_SHARE] = None

    columns = {
        "_key": data.encode_keys(keys),
        "_date": formats.timestamps(changed),
        "_cdate": created_text,
        "carikartkodu": code_text,
        "unvan": apply_tricks(rng, unvan, data.tricky_share),
        "carikarttipi": _choice(rng, {"AL": 55, "AS": 25, "ST": 12, "SA": 8}, count),
        "durum": _choice(rng, {"A": 92, "P": 8}, count),
        "potansiyel": _choice(rng, {"H": 95, "E": 5}, count),
        "verginumarasi": verginumarasi,
        "tckimlikno": tckimlikno,
        "vergidairesi": tax_office,
        "telefon1": telefon,
        "ceptel": ceptel,
        "eposta": eposta,
        "adres": apply_tricks(rng, adres, data.tricky_share),
        "sehir": city,
        "ilce": district,
        "bolge": region,
        "borctoplam": formats.decimals_from_cents(debit),
        "alacaktoplam": formats.decimals_from_cents(credit),
        "bakiye": formats.decimals_from_cents(debit - credit),
        "dovizturu": _choice(rng, {"TL": 90, "USD": 6, "EUR": 4}, count),
        "_key_scf_satiselemani": sales_rep_keys[rep] if len(sales_rep_keys) else formats.as_objects([None] * count),
        "__carikartkodu": code_text,
        "__cellcolor": _choice(rng, {"": 97, "#FFCCCC": 3}, count),
    }
    return Table("scf_carikart", keys, columns)


def stokkart(ctx: RowContext, count: int, group_codes: np.ndarray, brand_codes: np.ndarray) -> Table:
    rng, data = ctx.rng, ctx.data
    keys = data.allocate_keys("scf_stokkart", count, rng)
    codes = data.allocate_codes("scf_stokkart", ctx.firma_kodu, None, count)
    created, changed = ctx.record_times(count)

    good = rng.integers(len(GOODS), size=count)
    brand = rng.integers(len(brand_codes), size=count) if len(brand_codes) else np.zeros(count, dtype=np.int64)
    variant = rng.integers(1, 99, size=count)
    names = formats.text([f"{name} Model {number}" for name, *_ in GOODS for number in range(1, 99)])
    aciklama = names[good * 98 + variant - 1]
    unit = formats.pick([entry[1] for entry in GOODS], good)
    kdv = np.array([entry[2] for entry in GOODS], dtype=np.int64)[good]
    base_price = np.array([entry[3] for entry in GOODS], dtype=np.int64)[good]
    price = (base_price * rng.uniform(0.7, 1.4, size=count)).astype(np.int64)
    quantity = rng.integers(0, 5_000_000, size=count)  # thousandths
    quantity[rng.random(count) < 0.1] = 0

    columns = {
        "_key": data.encode_keys(keys),
        "_date": formats.timestamps(changed),
        "_cdate": formats.timestamps(created),
        "stokkartkodu": "STK" + formats.zero_padded(codes, 6),
        "aciklama": apply_tricks(rng, aciklama, data.tricky_share),
        "stokkartturu": _choice(rng, {"TCR": 80, "MML": 12, "YMML": 5, "HMD": 3}, count),
        "durum": _choice(rng, {"A": 94, "P": 6}, count),
        "ozelkod1kodu": group_codes[rng.integers(len(group_codes), size=count)] if len(group_codes) else formats.text([""] * count),
        "ozelkod2kodu": brand_codes[brand] if len(brand_codes) else formats.text([""] * count),
        "birimkodu": unit,
        "kdvorani": formats.decimals(kdv, 0),
        "miktar": formats.decimals_from_milli(quantity),
        "satisfiyati": formats.decimals_from_cents(price),
        "barkod": "869" + formats.zero_padded(rng.integers(0, 10**10, size=count), 10),
    }
    return Table("scf_stokkart", keys, columns)
