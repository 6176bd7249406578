"""Client for the DIA web service (v3 JSON API), with session, retry and credit handling.

    from dia_resources.dia import DiaClient, server_base_url

    with DiaClient(server_base_url("acme"), username=..., password=..., api_key=...,
                   tenant_id="acme") as client:
        for page in client.list_pages("scf_carikart", firma_kodu=1, columns=["carikartkodu"]):
            ...
        print(client.usage)
"""

from . import errors
from .client import DEFAULT_KONTOR_PER_CALL, DEFAULT_PAGE_SIZE, DiaClient
from .errors import (
    DiaAuthError,
    DiaConfigurationError,
    DiaCreditError,
    DiaDeadlineExceeded,
    DiaError,
    DiaLicenseError,
    DiaProtocolError,
    DiaRequestError,
    DiaServiceNotFound,
    DiaSessionExpired,
    DiaTransientError,
)
from .results import Company, EkleResult, Page, Period, Usage
from .retry import RetryPolicy, is_replayable
from .transport import server_base_url

__all__ = [
    "DEFAULT_KONTOR_PER_CALL",
    "DEFAULT_PAGE_SIZE",
    "Company",
    "DiaAuthError",
    "DiaClient",
    "DiaConfigurationError",
    "DiaCreditError",
    "DiaDeadlineExceeded",
    "DiaError",
    "DiaLicenseError",
    "DiaProtocolError",
    "DiaRequestError",
    "DiaServiceNotFound",
    "DiaSessionExpired",
    "DiaTransientError",
    "EkleResult",
    "Page",
    "Period",
    "RetryPolicy",
    "Usage",
    "errors",
    "is_replayable",
    "server_base_url",
]
