"""The table catalog: every DIA model we sync, declared once.

Assets, Pandera schemas, warehouse DDL and dbt sources are all derived from these entries, so
adding a DIA table means adding one entry here plus its tests.
"""

from .tables import TABLES, TABLES_BY_MODEL
from .types import DECIMAL_PRECISION, DECIMAL_SCALE, Column, Scope, TableSpec, Wire

__all__ = [
    "DECIMAL_PRECISION",
    "DECIMAL_SCALE",
    "TABLES",
    "TABLES_BY_MODEL",
    "Column",
    "Scope",
    "TableSpec",
    "Wire",
]
