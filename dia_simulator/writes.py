"""`_ekle` for cari cards and invoices, and helpers shared with `_getir`.

A foreign key in `kart` is either a key (number or numeric string) or a match object such as
`{"carikartkodu": "C0000001"}`, which must match exactly one record of the company. Invoice lines
come in `kart.m_kalemler`; their amounts are computed with the same arithmetic as generated
invoices, so a new invoice is consistent with its lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np

from .data import formats
from .data.invoices import header_totals, line_amounts
from .data.models import MODELS, Kind, ModelSpec
from .data.table import Table
from .data.tenant import TenantData


class WriteError(ValueError):
    """A write DIA would refuse as an invalid operation (body code 500)."""


def empty_table(spec: ModelSpec) -> Table:
    columns = {name: np.empty(0, dtype=object) for name in spec.columns}
    return Table(spec.model, np.empty(0, dtype=np.int64), columns)


def _company_table(data: TenantData, model: str, firma_kodu: int, donem_kodu: int | None = None) -> Table:
    table = data.table(model, firma_kodu, donem_kodu)
    if table is None:
        raise WriteError(f"{model} has no records in firma_kodu {firma_kodu}")
    return table


def resolve_reference(table: Table, value: Any, field: str) -> int:
    """Position of the record a foreign key value points to."""
    if isinstance(value, dict):
        if not value:
            raise WriteError(f"{field}: the match object is empty")
        mask = np.ones(len(table), dtype=bool)
        for name, expected in value.items():
            if name not in table.columns:
                raise WriteError(f"{field}: {table.model} has no field {name!r}")
            column = table.columns[name]
            if name == "_key":
                mask &= table.keys == int(expected)
            else:
                mask &= column == str(expected)
        matches = np.flatnonzero(mask)
        if len(matches) != 1:
            raise WriteError(f"{field}: {value} matches {len(matches)} {table.model} records, expected exactly one")
        return int(matches[0])
    try:
        key = int(value)
    except (TypeError, ValueError):
        raise WriteError(f"{field} must be a key or a match object, got {value!r}") from None
    position = table.position(key)
    if position is None:
        raise WriteError(f"{field}: no {table.model} record with key {key}")
    return position


def _units(value: Any, scale: int, field: str) -> int:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise WriteError(f"{field} must be a decimal number, got {value!r}") from None
    if number < 0:
        raise WriteError(f"{field} must not be negative, got {value!r}")
    return int((number * (Decimal(10) ** scale)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _stamp(data: TenantData) -> str:
    # Each write moves the simulated clock on by a second, so new records order by _date.
    data.clock += 1
    return formats.timestamp(data.clock)


def _append(data: TenantData, spec: ModelSpec, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    keys = data.allocate_keys(spec.model, len(rows), np.random.default_rng(data.clock))
    encoded = data.encode_keys(keys)
    columns = {}
    for name in spec.columns:
        values = [row.get(name) for row in rows]
        if name == "_key":
            values = list(encoded)
        columns[name] = formats.as_objects(values)
    table.append(keys, columns)
    return keys.tolist()


def ekle(data: TenantData, spec: ModelSpec, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    kart = params.get("kart")
    if not isinstance(kart, dict):
        raise WriteError("kart must be an object")
    try:
        firma_kodu = int(params.get("firma_kodu"))
    except (TypeError, ValueError):
        raise WriteError(f"firma_kodu must be an integer, got {params.get('firma_kodu')!r}") from None
    if data.company(firma_kodu) is None:
        raise WriteError(f"firma_kodu {firma_kodu} is not a company this user may see")
    if spec.model == "scf_carikart":
        return _ekle_carikart(data, firma_kodu, kart), {}
    return _ekle_fatura(data, firma_kodu, params.get("donem_kodu"), kart)


def _ekle_carikart(data: TenantData, firma_kodu: int, kart: dict[str, Any]) -> int:
    spec = MODELS["scf_carikart"]
    table = _company_table(data, "scf_carikart", firma_kodu)
    code = kart.get("carikartkodu")
    if not code:
        code = f"C{int(data.allocate_codes('scf_carikart', firma_kodu, None, 1)[0]):07d}"
    if bool(np.any(table.columns["carikartkodu"] == str(code))):
        raise WriteError(f"carikartkodu {code!r} already exists in firma_kodu {firma_kodu}")
    if not kart.get("unvan"):
        raise WriteError("unvan is required")
    stamp = _stamp(data)
    row: dict[str, Any] = {
        "carikarttipi": "AL", "durum": "A", "potansiyel": "H", "verginumarasi": "", "tckimlikno": "",
        "borctoplam": "0.000000", "alacaktoplam": "0.000000", "bakiye": "0.000000", "dovizturu": "TL",
        "__cellcolor": "",
    }
    for name, kind in spec.columns.items():
        if name in kart and not name.startswith("_"):
            value = kart[name]
            row[name] = formats.decimals(np.array([_units(value, 2, name)]), 2)[0] if kind is Kind.DECIMAL else str(value)
    row.update({"carikartkodu": str(code), "__carikartkodu": str(code), "_date": stamp, "_cdate": stamp})
    return _append(data, spec, table, [row])[0]


def _ekle_fatura(data: TenantData, firma_kodu: int, donem_value: Any, kart: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    company = data.company(firma_kodu)
    try:
        donem_kodu = int(donem_value)
    except (TypeError, ValueError):
        raise WriteError("donem_kodu must be an integer for an invoice") from None
    period = company.period(donem_kodu) if company else None
    if period is None:
        raise WriteError(f"donem_kodu {donem_kodu} is not a period of firma_kodu {firma_kodu}")
    tarih = str(kart.get("tarih") or "")
    if not (period.baslangictarihi.isoformat() <= tarih[:10] <= period.bitistarihi.isoformat()) or len(tarih) < 10:
        raise WriteError(f"tarih {tarih!r} is not inside period {period.gorunendonemkodu}")
    try:
        turu = int(kart.get("turu"))
    except (TypeError, ValueError):
        raise WriteError(f"turu must be an integer 1..8, got {kart.get('turu')!r}") from None
    if not 1 <= turu <= 8:
        raise WriteError(f"turu must be an integer 1..8, got {turu}")
    lines_in = kart.get("m_kalemler")
    if not isinstance(lines_in, list) or not lines_in:
        raise WriteError("m_kalemler must be a non-empty list of lines")
    if "_key_scf_carikart" not in kart:
        raise WriteError("_key_scf_carikart is required")

    cards = _company_table(data, "scf_carikart", firma_kodu)
    card = resolve_reference(cards, kart["_key_scf_carikart"], "_key_scf_carikart")
    items = _company_table(data, "scf_stokkart", firma_kodu)
    lines = [_line(items, line, number) for number, line in enumerate(lines_in, start=1)]

    quantity = np.array([line["_miktar"] for line in lines], dtype=np.int64)
    price = np.array([line["_fiyat"] for line in lines], dtype=np.int64)
    discount = np.array([line["_indirim"] for line in lines], dtype=np.int64)
    kdv = np.array([line["_kdv"] for line in lines], dtype=np.int64)
    tutari, indirim, kdv_amount = line_amounts(quantity, price, discount, kdv)
    toplam, toplamindirim, toplamkdv, net = header_totals(np.zeros(len(lines), dtype=np.int64), 1, tutari, indirim, kdv_amount)

    headers = data.table("scf_fatura", firma_kodu, donem_kodu)
    if headers is None:
        headers = empty_table(MODELS["scf_fatura"])
        data.tables[("scf_fatura", firma_kodu, donem_kodu)] = headers
    fisno = str(kart.get("fisno") or f"{int(data.allocate_codes('scf_fatura', firma_kodu, donem_kodu, 1)[0]):06d}")
    stamp = _stamp(data)
    header_row = {
        "_date": stamp, "_cdate": stamp, "fisno": fisno, "belgeno": str(kart.get("belgeno") or "A" + fisno),
        "belgeno2": str(kart.get("belgeno2") or ""), "tarih": tarih[:10], "saat": str(kart.get("saat") or stamp[11:]),
        "turu": turu, "carikartkodu": cards.columns["carikartkodu"][card], "unvan": cards.columns["unvan"][card],
        "_key_scf_carikart": cards.columns["_key"][card],
        "toplam": formats.decimal_from_cents(int(toplam[0])), "toplamindirim": formats.decimal_from_cents(int(toplamindirim[0])),
        "toplamkdv": formats.decimal_from_cents(int(toplamkdv[0])), "net": formats.decimal_from_cents(int(net[0])),
        "dovizturu": str(kart.get("dovizturu") or "TL"), "iptal": "f", "_key_sis_sube": None, "_key_sis_depo": None,
        "aciklama": str(kart.get("aciklama") or ""), "vadetarihi": kart.get("vadetarihi"),
    }
    header_key = _append(data, MODELS["scf_fatura"], headers, [header_row])[0]

    line_table = data.table("scf_fatura_kalemi", firma_kodu, donem_kodu)
    if line_table is None:
        line_table = empty_table(MODELS["scf_fatura_kalemi"])
        data.tables[("scf_fatura_kalemi", firma_kodu, donem_kodu)] = line_table
    header_key_value = headers.columns["_key"][-1]
    line_rows = []
    for index, line in enumerate(lines):
        line_rows.append({
            "_date": stamp, "_cdate": stamp, "_key_scf_fatura": header_key_value, "fisno": fisno, "tarih": tarih[:10],
            "turu": turu, "sirano": index + 1, "kalemturu": line["kalemturu"], "stokkartkodu": line["stokkartkodu"],
            "_key_scf_stokkart": line["_key_scf_stokkart"], "aciklama": line["aciklama"],
            "miktar": formats.decimals_from_milli(quantity[index:index + 1])[0],
            "birimfiyati": formats.decimals(price[index:index + 1], 4)[0],
            "tutari": formats.decimal_from_cents(int(tutari[index])),
            "indirimorani": formats.decimals(discount[index:index + 1], 2)[0],
            "indirimtutari": formats.decimal_from_cents(int(indirim[index])),
            "kdv": formats.decimals(kdv[index:index + 1], 0)[0],
            "kdvtutari": formats.decimal_from_cents(int(kdv_amount[index])),
        })
    line_keys = _append(data, MODELS["scf_fatura_kalemi"], line_table, line_rows)
    return header_key, {"kalemlerKeys": line_keys}


def _line(items: Table, line: Any, number: int) -> dict[str, Any]:
    if not isinstance(line, dict):
        raise WriteError(f"m_kalemler[{number}] must be an object")
    kind = str(line.get("kalemturu") or "MLZM")
    if kind not in ("MLZM", "HZMT"):
        raise WriteError(f"m_kalemler[{number}].kalemturu must be MLZM or HZMT, got {kind!r}")
    result: dict[str, Any] = {"kalemturu": kind, "stokkartkodu": None, "_key_scf_stokkart": None,
                              "aciklama": str(line.get("aciklama") or "")}
    default_kdv: Any = 20
    if kind == "MLZM":
        if "_key_scf_stokkart" not in line:
            raise WriteError(f"m_kalemler[{number}]._key_scf_stokkart is required for an MLZM line")
        item = resolve_reference(items, line["_key_scf_stokkart"], f"m_kalemler[{number}]._key_scf_stokkart")
        result.update({"stokkartkodu": items.columns["stokkartkodu"][item], "_key_scf_stokkart": items.columns["_key"][item]})
        result["aciklama"] = result["aciklama"] or items.columns["aciklama"][item]
        default_kdv = items.columns["kdvorani"][item]
    for field in ("miktar", "birimfiyati"):
        if field not in line:
            raise WriteError(f"m_kalemler[{number}].{field} is required")
    result["_miktar"] = _units(line["miktar"], 3, f"m_kalemler[{number}].miktar")
    result["_fiyat"] = _units(line["birimfiyati"], 4, f"m_kalemler[{number}].birimfiyati")
    result["_indirim"] = _units(line.get("indirimorani", 0), 2, f"m_kalemler[{number}].indirimorani")
    result["_kdv"] = _units(line.get("kdv", default_kdv), 0, f"m_kalemler[{number}].kdv")
    if result["_indirim"] > 10_000 or result["_kdv"] > 100:
        raise WriteError(f"m_kalemler[{number}]: indirimorani and kdv are percentages from 0 to 100")
    return result


def invoice_lines(data: TenantData, params: dict[str, Any], header_key: int) -> list[dict[str, Any]]:
    """Lines of one invoice in line-number order, for scf_fatura_getir."""
    table = data.table("scf_fatura_kalemi", int(params.get("firma_kodu")), int(params.get("donem_kodu")))
    if table is None:
        return []
    header_keys = np.array([int(value) for value in table.columns["_key_scf_fatura"].tolist()], dtype=np.int64)
    positions = np.flatnonzero(header_keys == header_key)
    rows = [table.row(int(position)) for position in positions]
    return sorted(rows, key=lambda row: int(row["sirano"]))
