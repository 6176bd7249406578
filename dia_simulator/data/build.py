"""Generate every table of a tenant, in the order foreign keys need."""

from __future__ import annotations

import numpy as np

from . import cards, codes, invoices
from .tenant import TenantData


def build_tenant(data: TenantData) -> None:
    for company in data.companies:
        _build_company(data, company.firma_kodu)


def _build_company(data: TenantData, firma_kodu: int) -> None:
    company = data.company(firma_kodu)
    assert company is not None
    sizes = data.sizes

    def context(label: str, period=None):
        return data.context(data.rng(label, firma_kodu, period.donemkodu if period else None), company, period)

    def put(table, period=None) -> None:
        data.tables[(table.model, firma_kodu, period.donemkodu if period else None)] = table

    put(codes.regions(context("dag_bolge")))
    put(codes.currencies(context("sis_doviz")))
    put(codes.tax_offices(context("sis_vergidairesi")))
    special = codes.special_codes(context("sis_ozelkod"), sizes["sis_ozelkod"])
    put(special)
    branch_table = codes.branches(context("sis_sube"))
    put(branch_table)
    depot_table = codes.warehouses(context("sis_depo"), branch_table)
    put(depot_table)
    reps = codes.sales_reps(context("scf_satiselemani"), sizes["scf_satiselemani"])
    put(reps)
    put(codes.accounts(context("muh_hesapkarti"), sizes["muh_hesapkarti"]))

    card_table = cards.carikart(context("scf_carikart"), max(1, sizes["scf_carikart"]), reps.columns["_key"])
    put(card_table)
    kinds = special.columns["turkodu"]
    item_table = cards.stokkart(
        context("scf_stokkart"),
        max(1, sizes["scf_stokkart"]),
        special.columns["kod"][kinds == "STOK1"],
        special.columns["kod"][kinds == "STOK2"],
    )
    put(item_table)

    for period in company.periods:
        ctx = context("scf_fatura", period)
        if ctx.created_to < ctx.created_from:
            continue
        headers, lines = invoices.generate(ctx, sizes["scf_fatura"], card_table, item_table, branch_table, depot_table)
        put(headers, period)
        put(lines, period)


def table_sizes(data: TenantData) -> dict[str, int]:
    """Row counts per model over all companies and periods."""
    counts: dict[str, int] = {}
    for (model, _firma, _donem), table in data.tables.items():
        counts[model] = counts.get(model, 0) + len(table)
    return counts


__all__ = ["build_tenant", "table_sizes", "np"]
