"""The public functions run the compiled extensions, not a Python fallback."""

import importlib
import sys

import pytest

import accel
from accel import money, taxid, text

KERNEL_MODULES = ["_arrow", "_casing", "_collation", "_matching", "_taxid", "_amounts", "_invoice"]


@pytest.mark.parametrize("name", KERNEL_MODULES)
def test_kernel_module_is_an_extension(name: str) -> None:
    module = importlib.import_module(f"accel.{name}")

    assert module.__file__.endswith(".so")
    assert not hasattr(module, "__path__")


@pytest.mark.parametrize(
    ("wrapper", "kernel"),
    [(text, "_casing"), (text, "_collation"), (text, "_matching"), (taxid, "_taxid"),
     (money, "_amounts"), (money, "_invoice")],
)
def test_wrappers_call_the_extension(wrapper, kernel: str) -> None:
    assert getattr(wrapper, kernel) is sys.modules[f"accel.{kernel}"]
    assert getattr(wrapper, kernel).__file__.endswith(".so")


def test_public_functions_come_from_the_wrappers() -> None:
    assert accel.tr_upper is text.tr_upper
    assert accel.tr_sort_key is text.tr_sort_key
    assert accel.vkn_valid is taxid.vkn_valid
    assert accel.line_totals is money.line_totals
