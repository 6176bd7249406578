"""Listing: every filter operator, sorts, selected columns, limit and offset."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from dia_simulator import Simulator

from .conftest import DiaCaller


def _rows(sim: Simulator, model: str = "scf_carikart", firma: int = 1, donem: int | None = None) -> list[dict[str, Any]]:
    return sim.rows("sim1", model, firma, donem)


def _keys(rows: list[dict[str, Any]]) -> list[int]:
    return [int(row["_key"]) for row in rows]


def _filtered(caller: DiaCaller, field: str, operator: str, value: str, service: str = "scf_carikart_listele",
              **params: Any) -> list[dict[str, Any]]:
    answer = caller.listele(service, filters=[{"field": field, "operator": operator, "value": value}], **params)
    assert answer.body["code"] == "200", answer.body
    return answer.body["result"]


def test_key_comparisons_are_numeric(sim: Simulator, caller: DiaCaller) -> None:
    keys = _keys(_rows(sim))
    middle = keys[len(keys) // 2]

    assert _keys(_filtered(caller, "_key", ">", str(middle))) == [key for key in keys if key > middle]
    assert _keys(_filtered(caller, "_key", ">=", str(middle))) == [key for key in keys if key >= middle]
    assert _keys(_filtered(caller, "_key", "<", str(middle))) == [key for key in keys if key < middle]
    assert _keys(_filtered(caller, "_key", "<=", str(middle))) == [key for key in keys if key <= middle]
    assert _keys(_filtered(caller, "_key", "=", str(middle))) == [middle]
    assert _keys(_filtered(caller, "_key", "!", str(middle))) == [key for key in keys if key != middle]


def test_key_comparison_not_textual(sim: Simulator, caller: DiaCaller) -> None:
    # As text "9" > "11001"; as numbers every key is larger than 9.
    assert len(_filtered(caller, "_key", ">", "9")) == len(_rows(sim))


def test_in_and_not_in(sim: Simulator, caller: DiaCaller) -> None:
    keys = _keys(_rows(sim))
    chosen = [keys[1], keys[7], keys[20]]
    value = ",".join(str(key) for key in chosen)

    assert _keys(_filtered(caller, "_key", "IN", value)) == chosen
    assert _keys(_filtered(caller, "_key", "NOT IN", value)) == [key for key in keys if key not in chosen]
    assert {row["carikarttipi"] for row in _filtered(caller, "carikarttipi", "IN", "AL,ST")} == {"AL", "ST"}


def test_decimal_comparisons_are_numeric(sim: Simulator, caller: DiaCaller) -> None:
    expected = [int(row["_key"]) for row in _rows(sim) if Decimal(row["bakiye"]) > Decimal("1000")]

    assert _keys(_filtered(caller, "bakiye", ">", "1000")) == expected
    assert _keys(_filtered(caller, "bakiye", ">", "1000.000000")) == expected


def test_timestamp_comparison_by_text(sim: Simulator, caller: DiaCaller) -> None:
    expected = [int(row["_key"]) for row in _rows(sim) if row["_date"] >= "2025-07-01"]

    assert _keys(_filtered(caller, "_date", ">=", "2025-07-01")) == expected
    assert expected


def test_text_equality_and_not(sim: Simulator, caller: DiaCaller) -> None:
    rows = _rows(sim)
    city_rows = [int(row["_key"]) for row in rows if row["sehir"] == "İstanbul"]

    assert _keys(_filtered(caller, "sehir", "=", "İstanbul")) == city_rows
    assert _keys(_filtered(caller, "sehir", "!", "İstanbul")) == [int(r["_key"]) for r in rows if r["sehir"] != "İstanbul"]


def test_no_operator_means_contains(sim: Simulator, caller: DiaCaller) -> None:
    expected = [int(row["_key"]) for row in _rows(sim) if "ltd" in row["unvan"].lower()]

    assert _keys(_filtered(caller, "unvan", "", "Ltd")) == expected
    assert _keys(_filtered(caller, "unvan", "", "LTD")) == expected
    assert expected


def test_contains_uses_turkish_case(sim: Simulator, caller: DiaCaller) -> None:
    found = _filtered(caller, "sehir", "", "istanbul")

    assert found and {row["sehir"] for row in found} == {"İstanbul"}


def test_filters_are_anded(sim: Simulator, caller: DiaCaller) -> None:
    filters = [{"field": "sehir", "operator": "=", "value": "Ankara"}, {"field": "durum", "operator": "=", "value": "A"}]
    expected = [int(r["_key"]) for r in _rows(sim) if r["sehir"] == "Ankara" and r["durum"] == "A"]

    assert _keys(caller.listele("scf_carikart_listele", filters=filters).body["result"]) == expected


def test_unknown_operator_is_invalid(caller: DiaCaller) -> None:
    answer = caller.listele("scf_carikart_listele", filters=[{"field": "_key", "operator": "~", "value": "1"}])

    assert answer.body["code"] == "400"


def test_sorts_ascending_and_descending(sim: Simulator, caller: DiaCaller) -> None:
    rows = _rows(sim)
    sorts = [{"field": "sehir", "sorttype": "ASC"}, {"field": "bakiye", "sorttype": "DESC"}]

    result = caller.listele("scf_carikart_listele", sorts=sorts).body["result"]

    expected = sorted(rows, key=lambda row: -Decimal(row["bakiye"]))
    expected = sorted(expected, key=lambda row: row["sehir"])
    assert _keys(result) == _keys(expected)


def test_sort_by_key_descending(sim: Simulator, caller: DiaCaller) -> None:
    result = caller.listele("scf_carikart_listele", sorts=[{"field": "_key", "sorttype": "DESC"}], limit=5).body["result"]

    assert _keys(result) == sorted(_keys(_rows(sim)), reverse=True)[:5]


def test_selected_columns_only(caller: DiaCaller) -> None:
    params = {"selectedcolumns": ["_key", "unvan", "bakiye"]}

    rows = caller.listele("scf_carikart_listele", params=params, limit=20).body["result"]

    assert rows and all(list(row) == ["_key", "unvan", "bakiye"] for row in rows)


def test_limit_zero_returns_all(sim: Simulator, caller: DiaCaller) -> None:
    assert len(caller.listele("scf_carikart_listele", limit=0).body["result"]) == len(_rows(sim))


def test_limit_and_offset_page(sim: Simulator, caller: DiaCaller) -> None:
    keys = _keys(_rows(sim))

    page = caller.listele("scf_carikart_listele", limit=25, offset=50).body["result"]
    tail = caller.listele("scf_carikart_listele", limit=0, offset=len(keys) - 3).body["result"]

    assert _keys(page) == keys[50:75]
    assert _keys(tail) == keys[-3:]


@pytest.mark.parametrize("page_size", [1, 7, 100, 1000])
def test_key_paging_visits_every_row_once(sim: Simulator, caller: DiaCaller, page_size: int) -> None:
    expected = _keys(_rows(sim))
    seen: list[int] = []
    last = 0
    for _ in range(len(expected) + 2):
        answer = caller.listele(
            "scf_carikart_listele",
            filters=[{"field": "_key", "operator": ">", "value": str(last)}],
            sorts=[{"field": "_key", "sorttype": "ASC"}],
            params={"selectedcolumns": ["_key"]},
            limit=page_size,
        )
        page = _keys(answer.body["result"])
        seen.extend(page)
        if len(page) < page_size:
            break
        last = page[-1]

    assert seen == expected


def test_key_paging_with_date_filter(sim: Simulator, caller: DiaCaller) -> None:
    rows = _rows(sim)
    keys = [int(row["_key"]) for row in rows if row["_date"] >= "2025-01-01"]

    answer = caller.listele(
        "scf_carikart_listele",
        filters=[{"field": "_key", "operator": ">", "value": str(keys[3])},
                 {"field": "_date", "operator": ">=", "value": "2025-01-01"}],
        sorts=[{"field": "_key", "sorttype": "ASC"}],
        limit=10,
    )

    assert _keys(answer.body["result"]) == keys[4:14]


def test_empty_string_arguments(sim: Simulator, caller: DiaCaller) -> None:
    answer = caller.call("scf_stokkart_listele", firma_kodu=1, filters="", sorts="", params="", limit=0, offset=0)

    assert _keys(answer.body["result"]) == _keys(_rows(sim, "scf_stokkart"))


def test_invoice_lines_listing(sim: Simulator, caller: DiaCaller) -> None:
    header = _rows(sim, "scf_fatura", 1, 3)[10]

    lines = _filtered(caller, "_key_scf_fatura", "=", str(header["_key"]),
                      service="scf_fatura_listele_ayrintili", donem_kodu=3)

    assert lines
    assert [line["sirano"] for line in lines] == list(range(1, len(lines) + 1))
    assert sum(Decimal(line["tutari"]) for line in lines) == Decimal(header["toplam"])


@pytest.mark.parametrize(
    "service",
    ["sis_ozelkod_listele", "sis_doviz_listele", "sis_sube_listele", "sis_depo_listele", "sis_vergidairesi_listele",
     "scf_satiselemani_listele", "dag_bolge_listele", "muh_hesapkarti_listele", "scf_stokkart_listele"],
)
def test_every_code_table_lists(caller: DiaCaller, service: str) -> None:
    answer = caller.listele(service)

    assert answer.body["code"] == "200"
    assert answer.body["result"]
    assert all("_key" in row and "_date" in row for row in answer.body["result"])
