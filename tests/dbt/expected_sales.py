"""Monthly sales computed straight from the simulator's invoices with Decimal, without SQL.

An independent reading of the mart's rules: line amounts rounded half away from zero to kuruş,
sales (turu 2, 3, 5) positive, returns (6, 7, 8) negative, purchases (1, 4) and cancelled
invoices left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

KURUS = Decimal("0.01")
SALES_TYPES = {2, 3, 5}
RETURN_TYPES = {6, 7, 8}
TRUE_TEXT = {"t", "true", "e", "1"}


@dataclass
class MonthTotals:
    invoice_count: int = 0
    net: Decimal = field(default_factory=Decimal)
    kdv: Decimal = field(default_factory=Decimal)
    gross: Decimal = field(default_factory=Decimal)

    def as_tuple(self) -> tuple[int, Decimal, Decimal, Decimal]:
        return (self.invoice_count, self.net, self.kdv, self.gross)


def _round(value: Decimal) -> Decimal:
    # ROUND_HALF_UP on Decimal rounds ties away from zero, which is DIA's rule.
    return value.quantize(KURUS, rounding=ROUND_HALF_UP)


def _decimal(value) -> Decimal:
    return Decimal(str(value).strip()) if value not in (None, "") else Decimal(0)


def is_cancelled(header: dict) -> bool:
    """Return whether a DIA invoice header is cancelled; DIA sends booleans as text, e.g. "t"."""
    value = header.get("iptal")
    return value is True or str(value).strip().lower() in TRUE_TEXT


def line_amounts(line: dict) -> tuple[Decimal, Decimal]:
    """Return (net, KDV) of one DIA invoice line, recomputed from quantity, price and rates."""
    amount = _round(_decimal(line["miktar"]) * _decimal(line["birimfiyati"]))
    discount = _round(amount * _decimal(line.get("indirimorani")) / 100)
    net = amount - discount
    kdv = _round(net * _decimal(line["kdv"]) / 100)
    return net, kdv


def invoice_rows(sim, server_code: str) -> list[tuple[int, dict, list[dict]]]:
    """Return (firma_kodu, header, lines) for every live invoice of one simulated tenant."""
    invoices = []
    for company in sim.tenant(server_code).companies:
        for donem in company.donemler:
            headers = sim.rows(server_code, "scf_fatura", firma_kodu=company.firma_kodu, donem_kodu=donem)
            lines = sim.rows(server_code, "scf_fatura_kalemi", firma_kodu=company.firma_kodu, donem_kodu=donem)
            lines_by_invoice = defaultdict(list)
            for line in lines:
                lines_by_invoice[int(line["_key_scf_fatura"])].append(line)
            for header in headers:
                invoices.append((company.firma_kodu, header, lines_by_invoice[int(header["_key"])]))
    return invoices


def monthly_sales(sim, server_code: str) -> dict[tuple[int, dt.date], MonthTotals]:
    """Return sales totals per (firma_kodu, first day of month) for one simulated tenant."""
    totals: dict[tuple[int, dt.date], MonthTotals] = defaultdict(MonthTotals)
    for firma_kodu, header, lines in invoice_rows(sim, server_code):
        turu = int(header["turu"])
        if turu in SALES_TYPES:
            sign = 1
        elif turu in RETURN_TYPES:
            sign = -1
        else:
            continue
        if is_cancelled(header):
            continue

        net = sum((line_amounts(line)[0] for line in lines), Decimal(0))
        kdv = sum((line_amounts(line)[1] for line in lines), Decimal(0))
        month = dt.date.fromisoformat(str(header["tarih"])[:10]).replace(day=1)

        month_totals = totals[(firma_kodu, month)]
        month_totals.invoice_count += 1
        month_totals.net += sign * net
        month_totals.kdv += sign * kdv
        month_totals.gross += sign * (net + kdv)
    return dict(totals)
