"""Filters, sorts, selected columns and the sis queries against the DIA simulator.

Expected results are computed here from the simulator's stored rows with the rules of DIA's
listing service. Filters are ANDed. Keys and numbers compare as numbers, dates as text. `!`
means "not equal" on numbers and "does not contain" on text, and no operator means "contains".
Text values in these tests are digits, so case rules cannot change the outcome.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from .conftest import client_for

SERVICE = "scf_carikart_listele"


@pytest.fixture(scope="module")
def cari(shared_sim):
    """The stored scf_carikart rows of the first company, in key order, and the company code."""
    firma = shared_sim.tenant("sim1").companies[0].firma_kodu
    rows = sorted(shared_sim.rows("sim1", "scf_carikart", firma_kodu=firma), key=lambda row: int(row["_key"]))
    return firma, rows


@pytest.fixture(scope="module")
def client(shared_sim):
    with client_for(shared_sim) as shared_client:
        yield shared_client


def keys_of(rows) -> list[int]:
    return [int(row["_key"]) for row in rows]


def listed_keys(client, firma: int, filters: list[dict]) -> list[int]:
    rows = client.list(SERVICE, firma, filters=filters, columns=["_key"], sorts=[{"field": "_key", "sorttype": "ASC"}])
    return keys_of(rows)


def test_key_comparisons(client, cari):
    firma, rows = cari
    middle = int(rows[len(rows) // 2]["_key"])
    cases = {
        "<": [row for row in rows if int(row["_key"]) < middle],
        ">": [row for row in rows if int(row["_key"]) > middle],
        "<=": [row for row in rows if int(row["_key"]) <= middle],
        ">=": [row for row in rows if int(row["_key"]) >= middle],
        "=": [row for row in rows if int(row["_key"]) == middle],
        "!": [row for row in rows if int(row["_key"]) != middle],
    }

    for operator, expected in cases.items():
        found = listed_keys(client, firma, [{"field": "_key", "operator": operator, "value": str(middle)}])

        assert found == keys_of(expected), operator


def test_key_compares_as_number(client, cari):
    firma, rows = cari
    smallest = int(rows[0]["_key"])
    bound = str(smallest * 10 + 9)
    as_text = keys_of(row for row in rows if str(row["_key"]) < bound)

    found = listed_keys(client, firma, [{"field": "_key", "operator": "<", "value": bound}])

    assert found == keys_of(row for row in rows if int(row["_key"]) < int(bound))
    # The bound must tell the two orders apart, or the check above proves nothing.
    assert found != as_text


def test_date_lower_bound(client, cari):
    firma, rows = cari
    dates = sorted(row["_date"] for row in rows)
    bound = dates[len(dates) // 3]

    found = listed_keys(client, firma, [{"field": "_date", "operator": ">=", "value": bound}])

    assert found == keys_of(row for row in rows if row["_date"] >= bound)


def test_text_equal_in_and_not_in(client, cari):
    firma, rows = cari
    codes = [row["carikartkodu"] for row in rows[3:6]]
    listing = ",".join(codes)

    equal = listed_keys(client, firma, [{"field": "carikartkodu", "operator": "=", "value": codes[0]}])
    inside = listed_keys(client, firma, [{"field": "carikartkodu", "operator": "IN", "value": listing}])
    outside = listed_keys(client, firma, [{"field": "carikartkodu", "operator": "NOT IN", "value": listing}])

    assert equal == keys_of(row for row in rows if row["carikartkodu"] == codes[0])
    assert inside == keys_of(row for row in rows if row["carikartkodu"] in codes)
    assert outside == keys_of(row for row in rows if row["carikartkodu"] not in codes)
    assert len(inside) == 3


def test_text_contains_and_not_contains(client, cari):
    firma, rows = cari
    needle = "1"

    contains = listed_keys(client, firma, [{"field": "carikartkodu", "value": needle}])
    lacks = listed_keys(client, firma, [{"field": "carikartkodu", "operator": "!", "value": needle}])

    assert contains == keys_of(row for row in rows if needle in row["carikartkodu"])
    assert lacks == keys_of(row for row in rows if needle not in row["carikartkodu"])
    assert contains
    assert lacks


def test_filters_are_anded(client, cari):
    firma, rows = cari
    low, high = int(rows[10]["_key"]), int(rows[40]["_key"])
    filters = [
        {"field": "_key", "operator": ">", "value": str(low)},
        {"field": "_key", "operator": "<=", "value": str(high)},
    ]

    found = listed_keys(client, firma, filters)

    assert found == keys_of(rows[11:41])


def test_sorts_single_and_multiple(client, cari):
    firma, rows = cari
    by_code = client.list(SERVICE, firma, sorts=[{"field": "carikartkodu", "sorttype": "DESC"}],
                          columns=["carikartkodu"])
    by_state = client.list(
        SERVICE, firma,
        sorts=[{"field": "durum", "sorttype": "ASC"}, {"field": "_key", "sorttype": "DESC"}],
        columns=["_key", "durum"],
    )

    assert [row["carikartkodu"] for row in by_code] == sorted((row["carikartkodu"] for row in rows), reverse=True)
    expected_state = sorted(rows, key=lambda row: (row["durum"], -int(row["_key"])))
    assert keys_of(by_state) == keys_of(expected_state)


def test_selected_columns_only(client, cari):
    firma, _ = cari

    rows = client.list(SERVICE, firma, columns=["carikartkodu", "unvan"], limit=5)

    assert len(rows) == 5
    assert all(set(row) == {"carikartkodu", "unvan"} for row in rows)


def test_limit_and_offset(client, cari):
    firma, rows = cari

    window = client.list(SERVICE, firma, sorts=[{"field": "_key", "sorttype": "ASC"}],
                         columns=["_key"], limit=10, offset=5)

    assert keys_of(window) == keys_of(rows[5:15])


def test_companies_and_periods(client, shared_sim):
    expected = shared_sim.tenant("sim1").companies

    companies = client.yetkili_firma_donem_sube_depo()

    assert [company.firmakodu for company in companies] == [company.firma_kodu for company in expected]
    assert [company.firmaadi for company in companies] == [company.firmaadi for company in expected]

    for company, simulated in zip(companies, expected):
        assert sorted(period.donemkodu for period in company.donemler) == sorted(simulated.donemler)
        assert sum(period.ontanimli for period in company.donemler) == 1
        assert all(period.baslangictarihi < period.bitistarihi for period in company.donemler)


def test_kontor_query_matches_simulator(client, shared_sim):
    before = shared_sim.kontor("sim1")

    remaining = client.kontor_sorgula()

    # The query is charged like any call, and the balance it returns already includes that.
    assert remaining == shared_sim.kontor("sim1")
    assert remaining == before - Decimal("0.0125")


def test_getir_returns_listed_record(client, cari):
    firma, rows = cari
    key = int(rows[7]["_key"])

    record = client.getir("scf_carikart", key, firma_kodu=firma)

    assert int(record["_key"]) == key
    assert record["carikartkodu"] == rows[7]["carikartkodu"]
