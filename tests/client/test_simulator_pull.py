"""Key-paged pulls against the DIA simulator over HTTP, with data changing between pages."""

from __future__ import annotations

import pytest

from .conftest import client_for

CARI_COLUMNS = ["_key", "carikartkodu", "unvan", "bakiye", "_date"]


def company_of(sim) -> int:
    return sim.tenant("sim1").companies[0].firma_kodu


def test_full_pull_returns_every_row_once(shared_sim):
    firma = company_of(shared_sim)
    expected = shared_sim.rows("sim1", "scf_carikart", firma_kodu=firma)

    with client_for(shared_sim) as client:
        pages = list(
            client.list_pages("scf_carikart", firma_kodu=firma, columns=CARI_COLUMNS, page_size=37)
        )

    keys = [row["_key"] for page in pages for row in page.rows]
    assert len(pages) == len(expected) // 37 + 1
    assert len(keys) == len(set(keys))
    assert sorted(keys) == sorted(int(row["_key"]) for row in expected)
    assert keys == sorted(keys)


def test_pulled_values_match_simulator(shared_sim):
    firma = company_of(shared_sim)
    expected = {
        int(row["_key"]): {column: row[column] for column in CARI_COLUMNS if column != "_key"}
        for row in shared_sim.rows("sim1", "scf_carikart", firma_kodu=firma)
    }

    with client_for(shared_sim) as client:
        pulled = {
            row["_key"]: {column: value for column, value in row.items() if column != "_key"}
            for page in client.list_pages(
                "scf_carikart", firma_kodu=firma, columns=CARI_COLUMNS, page_size=100
            )
            for row in page.rows
        }

    assert pulled == expected


def test_period_pull_per_donem(shared_sim):
    company = shared_sim.tenant("sim1").companies[0]

    with client_for(shared_sim) as client:
        for donem in company.donemler:
            expected = shared_sim.rows(
                "sim1", "scf_fatura", firma_kodu=company.firma_kodu, donem_kodu=donem
            )
            keys = [
                row["_key"]
                for page in client.list_pages(
                    "scf_fatura", firma_kodu=company.firma_kodu, donem_kodu=donem,
                    columns=["fisno", "net"], page_size=30,
                )
                for row in page.rows
            ]

            assert sorted(keys) == sorted(int(row["_key"]) for row in expected), donem
            assert len(keys) == len(set(keys)), donem


def test_pull_with_changes_between_pages(sim):
    firma = company_of(sim)
    initial = {int(row["_key"]) for row in sim.rows("sim1", "scf_carikart", firma_kodu=firma)}
    inserted: set[int] = set()
    deleted: set[int] = set()
    pulled: list[int] = []

    with client_for(sim) as client:
        for page in client.list_pages("scf_carikart", firma_kodu=firma, columns=["_key"], page_size=25):
            pulled.extend(row["_key"] for row in page.rows)
            changes = sim.advance(
                "sim1", seconds=600, update_share=0.05, insert_share=0.03, delete_share=0.03,
                models=["scf_carikart"], firma_kodu=firma,
            )
            inserted |= changes.inserted.get("scf_carikart", set())
            deleted |= changes.deleted.get("scf_carikart", set())

    # The churn must be real, or the test proves nothing.
    assert inserted
    assert deleted & initial
    assert len(pulled) == len(set(pulled))
    assert pulled == sorted(pulled)
    # Rows alive through the whole pull come back exactly once, whatever moved around them.
    assert (initial - deleted) <= set(pulled)
    assert set(pulled) <= initial | inserted


def test_incremental_pull_since_date(sim):
    firma = company_of(sim)

    with client_for(sim) as client:
        before = list(client.list_pages("scf_carikart", firma_kodu=firma, columns=["_date"]))
        watermark = max(row["_date"] for page in before for row in page.rows)
        changes = sim.advance("sim1", seconds=3600, update_share=0.1, insert_share=0.05,
                              delete_share=0.0, models=["scf_carikart"], firma_kodu=firma)
        changed = changes.updated.get("scf_carikart", set()) | changes.inserted.get("scf_carikart", set())
        after = [
            row
            for page in client.list_pages(
                "scf_carikart", firma_kodu=firma, columns=["_date"], since=watermark, page_size=20
            )
            for row in page.rows
        ]

    assert changed
    assert changed <= {row["_key"] for row in after}
    assert all(row["_date"] >= watermark for row in after)


def test_list_keys_matches_simulator(shared_sim):
    firma = company_of(shared_sim)
    expected = sorted(int(row["_key"]) for row in shared_sim.rows("sim1", "scf_carikart", firma_kodu=firma))

    with client_for(shared_sim) as client:
        before = client.usage
        keys = client.list_keys("scf_carikart", firma_kodu=firma)
        spent = client.usage - before

    assert sorted(keys) == expected
    assert spent.calls == 1


@pytest.mark.parametrize("page_size", [1, 7, 5000])
def test_page_sizes_agree(shared_sim, page_size):
    firma = company_of(shared_sim)
    expected = sorted(int(row["_key"]) for row in shared_sim.rows("sim1", "sis_ozelkod", firma_kodu=firma))

    with client_for(shared_sim) as client:
        pages = list(client.list_pages("sis_ozelkod", firma_kodu=firma, columns=["kod"], page_size=page_size))

    assert [row["_key"] for page in pages for row in page.rows] == expected
    assert sum(page.calls for page in pages) == len(pages)
