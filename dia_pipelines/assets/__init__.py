"""Assets: raw DIA tables per tenant and the conformed tables built from them."""

from .conformed import conformed_assets
from .raw import raw_assets

__all__ = ["conformed_assets", "raw_assets"]
