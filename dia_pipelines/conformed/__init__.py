"""The conformed layer: raw DIA rows made right for Turkish text, tax ids and kuruş amounts."""

from .build import ConformedResult, build_conformed
from .tables import CONFORMED_SCHEMA, CONFORMED_TABLES

__all__ = ["CONFORMED_SCHEMA", "CONFORMED_TABLES", "ConformedResult", "build_conformed"]
