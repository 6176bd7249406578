"""Change over time: move a tenant's clock on and update, insert and delete rows.

Every changed or inserted row gets a `_date` inside the advanced window, so an incremental sync
with `_date >= last watermark` finds it; deleted rows simply vanish, as in DIA, and only a key
listing reveals them. Invoices change together with their lines: an updated invoice gets a new
quantity on one line, and that line's amounts and the header totals are recomputed; a deleted
invoice takes its lines with it. Cards that invoices point to are never deleted, as DIA refuses
to delete a card with movements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .data import cards, formats, invoices
from .data.models import MODELS
from .data.table import Table
from .data.tenant import TenantData

DEFAULT_MODELS = ("scf_carikart", "scf_stokkart", "scf_fatura")
# Models for which advance() can create new rows; the others only get updates and deletes.
INSERTABLE = frozenset(DEFAULT_MODELS)
_TEXT_TO_TOUCH = ("aciklama", "adi", "subeadi", "depoadi", "unvan")


@dataclass
class ChangeSet:
    """Keys changed by one advance, per model (invoice lines under scf_fatura_kalemi).

    Keys are unique per model across companies; `for_company` narrows the set to one company.
    """

    updated: dict[str, set[int]] = field(default_factory=dict)
    inserted: dict[str, set[int]] = field(default_factory=dict)
    deleted: dict[str, set[int]] = field(default_factory=dict)
    clock: str = ""
    # (kind, model, firma_kodu) -> keys, the same keys as above split by company
    by_company: dict[tuple[str, str, int], set[int]] = field(default_factory=dict)

    def add(self, kind: str, model: str, keys: Any, firma_kodu: int) -> None:
        keys = {int(key) for key in keys}
        getattr(self, kind).setdefault(model, set()).update(keys)
        self.by_company.setdefault((kind, model, firma_kodu), set()).update(keys)

    def for_company(self, firma_kodu: int) -> ChangeSet:
        narrowed = ChangeSet(clock=self.clock)
        for (kind, model, firma), keys in self.by_company.items():
            if firma == firma_kodu and keys:
                narrowed.add(kind, model, keys, firma)
        return narrowed

    def as_dict(self) -> dict[str, Any]:
        return {
            "clock": self.clock,
            **{kind: {model: sorted(keys) for model, keys in getattr(self, kind).items()}
               for kind in ("updated", "inserted", "deleted")},
            "by_company": [
                {"kind": kind, "model": model, "firma_kodu": firma, "keys": sorted(keys)}
                for (kind, model, firma), keys in sorted(self.by_company.items())
            ],
        }


def _share_count(total: int, share: float) -> int:
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"shares must be between 0 and 1, got {share}")
    return int(round(total * share))


def advance(data: TenantData, round_number: int, seconds: float, update_share: float, insert_share: float,
            delete_share: float, models: list[str] | tuple[str, ...] | None = None,
            firma_kodu: int | None = None) -> ChangeSet:
    """Advance the clock by `seconds` and change rows of `models` (of one company if given)."""
    if seconds < 0:
        raise ValueError(f"seconds must not be negative, got {seconds}")
    chosen = tuple(models) if models else DEFAULT_MODELS
    for model in chosen:
        if model not in MODELS or model == "scf_fatura_kalemi":
            raise ValueError(f"cannot advance {model!r}; choose from {sorted(set(MODELS) - {'scf_fatura_kalemi'})}")
    start = data.clock + 1
    data.clock += int(seconds)
    changes = ChangeSet(clock=formats.timestamp(data.clock))
    if data.clock < start:
        return changes

    for model in chosen:
        for firma, donem_kodu, table in sorted(data.tables_of(model), key=lambda item: (item[0], item[1] or 0)):
            if firma_kodu is not None and firma != firma_kodu:
                continue
            rng = data.rng("advance", round_number, model, firma, donem_kodu)
            window = (start, data.clock)
            _change_table(data, rng, model, firma, donem_kodu, table, window,
                          (update_share, insert_share, delete_share), changes)
    return changes


def _stamps(rng: np.random.Generator, count: int, window: tuple[int, int]) -> np.ndarray:
    return formats.timestamps(np.sort(rng.integers(window[0], window[1] + 1, size=count)))


def _change_table(data: TenantData, rng: np.random.Generator, model: str, firma_kodu: int, donem_kodu: int | None,
                  table: Table, window: tuple[int, int], shares: tuple[float, float, float], changes: ChangeSet) -> None:
    update_share, insert_share, delete_share = shares
    total = len(table)
    protected = _referenced_positions(data, model, firma_kodu, table)
    order = rng.permutation(total)
    deletable = order[~np.isin(order, protected)] if len(protected) else order
    deleted = np.sort(deletable[:_share_count(total, delete_share)])
    remaining = np.setdiff1d(order, deleted, assume_unique=True)
    updated = np.sort(rng.permutation(remaining)[:_share_count(total, update_share)])

    if len(updated):
        _update(data, rng, model, firma_kodu, donem_kodu, table, updated, window, changes)
    if len(deleted):
        _delete(data, model, firma_kodu, donem_kodu, table, deleted, changes)
    inserts = _share_count(total, insert_share)
    if inserts and model in INSERTABLE:
        _insert(data, rng, model, firma_kodu, donem_kodu, table, inserts, window, changes)


def _referenced_positions(data: TenantData, model: str, firma_kodu: int, table: Table) -> np.ndarray:
    """Positions of cards that invoices or invoice lines point to."""
    sources = {"scf_carikart": ("scf_fatura", "_key_scf_carikart"),
               "scf_stokkart": ("scf_fatura_kalemi", "_key_scf_stokkart")}
    if model not in sources:
        return np.empty(0, dtype=np.int64)
    source_model, column = sources[model]
    referenced: set[int] = set()
    for firma, _donem, source in data.tables_of(source_model):
        if firma == firma_kodu:
            referenced.update(int(value) for value in source.columns[column].tolist() if value is not None)
    keys = np.fromiter(referenced, dtype=np.int64, count=len(referenced))
    return np.flatnonzero(np.isin(table.keys, keys))


def _update(data: TenantData, rng: np.random.Generator, model: str, firma_kodu: int, donem_kodu: int | None,
            table: Table, positions: np.ndarray, window: tuple[int, int], changes: ChangeSet) -> None:
    count = len(positions)
    stamps = _stamps(rng, count, window)
    if model == "scf_carikart":
        extra = rng.integers(1_000, 500_000, size=count)
        debit = invoices.to_units(table.columns["borctoplam"][positions].tolist(), 2) + extra
        credit = invoices.to_units(table.columns["alacaktoplam"][positions].tolist(), 2)
        table.set_values("borctoplam", positions, formats.decimals_from_cents(debit))
        table.set_values("bakiye", positions, formats.decimals_from_cents(debit - credit))
        table.set_values("telefon1", positions, "0216 " + formats.int_text(rng.integers(200, 999, size=count)) + " 00 00")
    elif model == "scf_stokkart":
        price = invoices.to_units(table.columns["satisfiyati"][positions].tolist(), 2)
        table.set_values("satisfiyati", positions, formats.decimals_from_cents(price + price // 10 + 1))
        table.set_values("miktar", positions, formats.decimals_from_milli(rng.integers(0, 5_000_000, size=count)))
    elif model == "scf_fatura":
        _update_invoices(data, rng, firma_kodu, donem_kodu, table, positions, stamps, changes)
    else:
        column = next((name for name in _TEXT_TO_TOUCH if name in table.columns), None)
        if column:
            values = table.columns[column][positions]
            table.set_values(column, positions, [f"{value} *" if value is not None else "*" for value in values.tolist()])
    table.set_values("_date", positions, stamps)
    changes.add("updated", model, table.keys[positions].tolist(), firma_kodu)


def _line_header_keys(lines: Table) -> np.ndarray:
    return np.fromiter((int(value) for value in lines.columns["_key_scf_fatura"].tolist()), dtype=np.int64, count=len(lines))


def _update_invoices(data: TenantData, rng: np.random.Generator, firma_kodu: int, donem_kodu: int | None,
                     headers: Table, positions: np.ndarray, stamps: np.ndarray, changes: ChangeSet) -> None:
    """Raise one line's quantity per invoice and recompute that line and the header totals."""
    lines = data.table("scf_fatura_kalemi", firma_kodu, donem_kodu)
    if lines is None:
        return
    line_headers = _line_header_keys(lines)
    for header_position, stamp in zip(positions.tolist(), stamps.tolist()):
        header_key = int(headers.keys[header_position])
        own = np.flatnonzero(line_headers == header_key)
        if len(own) == 0:
            continue
        target = own[rng.integers(len(own))]
        quantity = invoices.to_units([lines.columns["miktar"][target]], 3) + 1000
        price = invoices.to_units([lines.columns["birimfiyati"][target]], 4)
        discount = invoices.to_units([lines.columns["indirimorani"][target]], 2)
        kdv = invoices.to_units([lines.columns["kdv"][target]], 0)
        tutari, indirim, kdv_amount = invoices.line_amounts(quantity, price, discount, kdv)
        lines.columns["miktar"][target] = formats.decimals_from_milli(quantity)[0]
        lines.columns["tutari"][target] = formats.decimal_from_cents(int(tutari[0]))
        lines.columns["indirimtutari"][target] = formats.decimal_from_cents(int(indirim[0]))
        lines.columns["kdvtutari"][target] = formats.decimal_from_cents(int(kdv_amount[0]))

        sums = {name: int(invoices.to_units(lines.columns[name][own].tolist(), 2).sum())
                for name in ("tutari", "indirimtutari", "kdvtutari")}
        headers.columns["toplam"][header_position] = formats.decimal_from_cents(sums["tutari"])
        headers.columns["toplamindirim"][header_position] = formats.decimal_from_cents(sums["indirimtutari"])
        headers.columns["toplamkdv"][header_position] = formats.decimal_from_cents(sums["kdvtutari"])
        net = sums["tutari"] - sums["indirimtutari"] + sums["kdvtutari"]
        headers.columns["net"][header_position] = formats.decimal_from_cents(net)
        lines.set_values("_date", own, [stamp] * len(own))
        changes.add("updated", "scf_fatura_kalemi", lines.keys[own].tolist(), firma_kodu)


def _delete(data: TenantData, model: str, firma_kodu: int, donem_kodu: int | None, table: Table,
            positions: np.ndarray, changes: ChangeSet) -> None:
    keys = table.keys[positions]
    if model == "scf_fatura":
        lines = data.table("scf_fatura_kalemi", firma_kodu, donem_kodu)
        if lines is not None:
            own = np.flatnonzero(np.isin(_line_header_keys(lines), keys))
            changes.add("deleted", "scf_fatura_kalemi", lines.keys[own].tolist(), firma_kodu)
            lines.delete(own)
    table.delete(positions)
    changes.add("deleted", model, keys.tolist(), firma_kodu)


def _insert(data: TenantData, rng: np.random.Generator, model: str, firma_kodu: int, donem_kodu: int | None,
            table: Table, count: int, window: tuple[int, int], changes: ChangeSet) -> None:
    company = data.company(firma_kodu)
    assert company is not None
    period = company.period(donem_kodu) if donem_kodu is not None else None
    ctx = data.context(rng, company, period, created_from=window[0], created_to=window[1])
    if model == "scf_carikart":
        reps = data.table("scf_satiselemani", firma_kodu)
        new = cards.carikart(ctx, count, reps.columns["_key"] if reps is not None else np.empty(0, dtype=object))
    elif model == "scf_stokkart":
        special = data.table("sis_ozelkod", firma_kodu)
        kinds = special.columns["turkodu"]
        new = cards.stokkart(ctx, count, special.columns["kod"][kinds == "STOK1"], special.columns["kod"][kinds == "STOK2"])
    else:
        if period is None or not _takes_new_invoices(company.periods, period, window[1]):
            return
        # New invoices are dated inside their period; once the clock has passed the last period's
        # end they are late entries dated on its last day.
        first_second = formats.days_of(period.baslangictarihi) * 86400
        last_second = formats.days_of(period.bitistarihi) * 86400
        ctx.created_from = min(max(window[0], first_second), last_second)
        headers, lines = invoices.generate(
            ctx, count, data.table("scf_carikart", firma_kodu), data.table("scf_stokkart", firma_kodu),
            data.table("sis_sube", firma_kodu), data.table("sis_depo", firma_kodu),
        )
        _stamp_window(headers, lines, rng, window)
        line_table = data.table("scf_fatura_kalemi", firma_kodu, donem_kodu)
        line_table.append(lines.keys, lines.columns)
        changes.add("inserted", "scf_fatura_kalemi", lines.keys.tolist(), firma_kodu)
        new = headers
    table.append(new.keys, new.columns)
    changes.add("inserted", model, new.keys.tolist(), firma_kodu)


def _takes_new_invoices(periods: list, period: Any, moment: int) -> bool:
    """Whether new invoices at `moment` belong to `period`: the one holding that day, else the last."""
    day = moment // 86400
    if formats.days_of(period.baslangictarihi) <= day <= formats.days_of(period.bitistarihi):
        return True
    return period is periods[-1] and day > formats.days_of(period.bitistarihi)


def _stamp_window(headers: Table, lines: Table, rng: np.random.Generator, window: tuple[int, int]) -> None:
    """Give new invoices and their lines creation and change times inside the window."""
    stamps = _stamps(rng, len(headers), window)
    headers.columns["_cdate"] = stamps.copy()
    headers.columns["_date"] = stamps.copy()
    header_of_line = np.searchsorted(headers.keys, _line_header_keys(lines))
    lines.columns["_cdate"] = stamps[header_of_line]
    lines.columns["_date"] = stamps[header_of_line]
