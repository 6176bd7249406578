"""Generated data: determinism, DIA encodings, tax numbers, tricky text, invoice arithmetic."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from dia_simulator import Simulator
from dia_simulator.data.build import build_tenant
from dia_simulator.data.tenant import TenantData
from dia_simulator.taxids import generate_tckns, generate_vkns, is_valid_tckn, is_valid_vkn, vkn_check_digit

from .conftest import SMALL_SIZES

DECIMAL_TEXT = re.compile(r"-?\d+\.\d{6}")
TIMESTAMP_TEXT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)  # half away from zero for positive amounts


def test_same_seed_same_data() -> None:
    first = TenantData(5, 0, SMALL_SIZES)
    second = TenantData(5, 0, SMALL_SIZES)
    build_tenant(first)
    build_tenant(second)

    assert first.tables.keys() == second.tables.keys()
    for scope, table in first.tables.items():
        other = second.tables[scope]
        assert table.keys.tolist() == other.keys.tolist(), scope
        for name, values in table.columns.items():
            assert values.tolist() == other.columns[name].tolist(), (scope, name)


def test_other_seed_other_data() -> None:
    first = TenantData(5, 0, SMALL_SIZES)
    second = TenantData(6, 0, SMALL_SIZES)
    build_tenant(first)
    build_tenant(second)

    names = first.table("scf_carikart", 1).columns["unvan"].tolist()
    assert names != second.table("scf_carikart", 1).columns["unvan"].tolist()


def test_table_independent_of_other_sizes() -> None:
    small = TenantData(5, 0, SMALL_SIZES)
    bigger = TenantData(5, 0, {**SMALL_SIZES, "scf_fatura": 10})
    build_tenant(small)
    build_tenant(bigger)

    assert small.table("scf_carikart", 1).columns["unvan"].tolist() == bigger.table("scf_carikart", 1).columns["unvan"].tolist()


def test_rows_encoded_as_dia_does(sim: Simulator) -> None:
    cards = sim.rows("sim1", "scf_carikart", 1)
    invoices = sim.rows("sim1", "scf_fatura", 1, 3)
    branches = sim.rows("sim1", "sis_sube", 1)

    assert all(DECIMAL_TEXT.fullmatch(row["bakiye"]) for row in cards)
    assert all(TIMESTAMP_TEXT.fullmatch(row["_date"]) for row in cards)
    assert all(row["_cdate"] <= row["_date"] for row in cards if row["_cdate"] is not None)
    assert any(row["_cdate"] is None for row in cards)
    assert any(row["vadetarihi"] is None for row in invoices)
    assert any(row["vadetarihi"] is not None and row["vadetarihi"] >= row["tarih"] for row in invoices)
    assert {row["potansiyel"] for row in cards} == {"E", "H"}
    assert {row["iptal"] for row in invoices} == {"t", "f"}
    assert {row["merkez"] for row in branches} == {"1", "0"}
    assert {type(row["_key"]) for row in cards} == {int, str}
    assert any(row["ceptel"] is None for row in cards)
    assert all(re.fullmatch(r"\d{2}:\d{2}:\d{2}", row["saat"]) for row in invoices)


def test_catalog_columns_served(sim: Simulator) -> None:
    from dia_pipelines.catalog.tables import TABLES

    for table in TABLES:
        donem = 3 if table.scope.value == "period" else None
        rows = sim.rows("sim1", table.model, 1, donem)
        assert rows, table.model
        missing = set(table.column_names) - set(rows[0])
        assert not missing, (table.model, missing)


def test_tax_numbers_mostly_valid(sim: Simulator) -> None:
    cards = sim.rows("sim1", "scf_carikart", 1) + sim.rows("sim1", "scf_carikart", 2)
    vkns = [row["verginumarasi"] for row in cards if row["verginumarasi"]]
    tckns = [row["tckimlikno"] for row in cards if row["tckimlikno"]]

    assert vkns and tckns
    assert all(re.fullmatch(r"\d{10}", vkn) for vkn in vkns)
    assert 0.9 < sum(map(is_valid_vkn, vkns)) / len(vkns) < 1.0
    assert 0.9 < sum(map(is_valid_tckn, tckns)) / len(tckns) <= 1.0
    assert any(row["verginumarasi"] == "" and row["tckimlikno"] == "" for row in cards)


def test_tax_number_algorithms() -> None:
    rng = np.random.default_rng(3)

    assert is_valid_tckn("10000000146")
    assert not is_valid_tckn("10000000147")
    assert not is_valid_tckn("01000000146")
    assert all(map(is_valid_vkn, generate_vkns(rng, 2000)))
    assert all(map(is_valid_tckn, generate_tckns(rng, 2000)))
    assert any(vkn.startswith("0") for vkn in generate_vkns(rng, 2000))
    valid = generate_vkns(rng, 1)[0]
    assert vkn_check_digit(valid[:9]) == int(valid[9])
    assert not is_valid_vkn(valid[:9] + str((int(valid[9]) + 1) % 10))


@pytest.mark.parametrize("needle", ["\t", "\n", "\\", "\\N", '"', "İ", "ı", "\x00"])
def test_tricky_text_present(sim: Simulator, needle: str) -> None:
    names = [row["unvan"] for row in sim.rows("sim1", "scf_carikart", 1)]

    assert any(needle in name for name in names)


def test_long_names_present(sim: Simulator) -> None:
    names = [row["unvan"] for row in sim.rows("sim1", "scf_carikart", 1)]

    assert max(len(name) for name in names) > 1000
    assert sum(len(name) > 1000 for name in names) < len(names) * 0.05


def test_invoice_lines_match_headers(sim: Simulator) -> None:
    for company in sim.tenant("sim1").companies:
        for donem in company.donemler:
            headers = sim.rows("sim1", "scf_fatura", company.firma_kodu, donem)
            lines_of = defaultdict(list)
            for line in sim.rows("sim1", "scf_fatura_kalemi", company.firma_kodu, donem):
                lines_of[int(line["_key_scf_fatura"])].append(line)
            off = 0
            for header in headers:
                lines = lines_of[int(header["_key"])]
                assert lines, header["fisno"]
                for line in lines:
                    tutari = _round(Decimal(line["miktar"]) * Decimal(line["birimfiyati"]))
                    indirim = _round(tutari * Decimal(line["indirimorani"]) / 100)
                    assert Decimal(line["tutari"]) == tutari
                    assert Decimal(line["indirimtutari"]) == indirim
                    assert Decimal(line["kdvtutari"]) == _round((tutari - indirim) * Decimal(line["kdv"]) / 100)
                    assert Decimal(line["kdv"]) in (0, 1, 10, 20)
                toplam = sum(Decimal(line["tutari"]) for line in lines)
                indirim_total = sum(Decimal(line["indirimtutari"]) for line in lines)
                kdv_total = sum(Decimal(line["kdvtutari"]) for line in lines)
                assert (Decimal(header["toplam"]), Decimal(header["toplamindirim"]), Decimal(header["toplamkdv"])) == (
                    toplam, indirim_total, kdv_total)
                difference = Decimal(header["net"]) - (toplam - indirim_total + kdv_total)
                assert abs(difference) <= Decimal("0.03")
                off += difference != 0
            assert off <= max(3, len(headers) * 0.02)


def test_invoice_types_weighted(sim: Simulator) -> None:
    kinds = [row["turu"] for row in sim.rows("sim1", "scf_fatura", 1, 3)]

    assert set(kinds) <= set(range(1, 9))
    assert kinds.count(2) + kinds.count(3) > len(kinds) / 2


def test_generation_speed_printed() -> None:
    started = time.perf_counter()
    data = TenantData(42, 0, {"scf_carikart": 200_000, "scf_fatura": 10}, company_count=1)
    build_tenant(data)
    seconds = time.perf_counter() - started

    rows = len(data.table("scf_carikart", 1))
    print(f"\ngenerated {rows} scf_carikart rows (plus code tables) in {seconds:.2f} s: {rows / seconds:,.0f} rows/s")
    assert rows == 200_000
