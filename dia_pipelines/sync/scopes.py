"""The companies and fiscal periods that a tenant's sync lists."""

from __future__ import annotations

from dataclasses import dataclass

from dia_pipelines.catalog import Scope as CatalogScope
from dia_pipelines.catalog import TableSpec
from dia_resources.warehouse.loader import Scope


@dataclass(frozen=True)
class CompanyPeriods:
    firma_kodu: int
    donem_kodlari: tuple[int, ...]


class UnknownCompanyError(ValueError):
    """The registry names a company that the DIA user may not see."""


def resolve_companies(client, registered: list[int]) -> list[CompanyPeriods]:
    """List the user's companies and periods; keep the registered ones (all when none are).

    Costs one call to ``sis_yetkili_firma_donem_sube_depo``.
    """
    visible = {
        company.firmakodu: CompanyPeriods(
            company.firmakodu, tuple(sorted(period.donemkodu for period in company.donemler))
        )
        for company in client.yetkili_firma_donem_sube_depo()
    }
    if not registered:
        return [visible[code] for code in sorted(visible)]
    missing = sorted(set(registered) - set(visible))
    if missing:
        raise UnknownCompanyError(
            f"firma_kodu {missing} registered for this tenant is not visible to the DIA user "
            f"(visible: {sorted(visible)}); fix the tenant's company list with `dia-pipelines tenants add`"
        )
    return [visible[code] for code in registered]


def scopes_for(spec: TableSpec, companies: list[CompanyPeriods]) -> list[Scope]:
    """Cards are listed once per company, documents once per company and period."""
    if spec.scope is CatalogScope.COMPANY:
        return [Scope(company.firma_kodu) for company in companies]
    return [Scope(company.firma_kodu, donem) for company in companies for donem in company.donem_kodlari]
