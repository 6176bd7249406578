"""The faster paths of the sync: text frames, rejects per page and page prefetching."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from dia_pipelines.catalog import TABLES_BY_MODEL
from dia_pipelines.sync import decode
from dia_pipelines.sync.prefetch import prefetched

CARIKART = TABLES_BY_MODEL["scf_carikart"]


def carikart_row(key: object, **values: object) -> dict:
    row = {
        "_key": key, "_date": "2024-05-01 10:00:00", "_cdate": "2024-05-01 09:00:00",
        "carikartkodu": f"C{key}", "unvan": "Ünal Ltd.", "carikarttipi": "AL", "durum": "A",
        "potansiyel": "H", "borctoplam": "12.50", "alacaktoplam": "0", "bakiye": "12.50",
    }
    row.update(values)
    return row


def per_column_frame(rows: list[dict]):
    """Build the text frame value by value, as decoding did before it used from_dicts."""
    import polars as pl

    return pl.DataFrame(
        [pl.Series(name, [row.get(name) for row in rows], dtype=pl.String, strict=False)
         for name in CARIKART.column_names]
    )


@pytest.mark.parametrize(
    "rows",
    [
        [carikart_row(1), carikart_row("2", unvan="tab\there, back\\slash, nul\x00"), carikart_row(3, durum=None)],
        [carikart_row(2**63 - 1, potansiyel=True), carikart_row(-5, bakiye=7)],
        [carikart_row(10**20)],  # beyond 64 bits: from_dicts fails, the per-column build writes it
        [carikart_row(1, bakiye=1.0), carikart_row(2, bakiye=1e300)],  # floats keep the per-column text
        [carikart_row(1, unvan=["nested"])],
        [{}, carikart_row(4, extra_column="ignored")],
    ],
)
def test_raw_frame_matches_per_column_build(rows):
    assert decode._raw_frame(CARIKART, rows).equals(per_column_frame(rows))


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"carikarttipi": "XX"}, "carikarttipi"),
        ({"durum": "Z"}, "durum"),
        ({"carikartkodu": ""}, "carikartkodu"),
        ({"carikartkodu": None}, "carikartkodu"),
        ({"_date": None}, "_date"),
        ({"borctoplam": "12,5x"}, "borctoplam"),
    ],
)
def test_bad_value_rejects_its_row(changes, column):
    rows = [carikart_row(key) for key in range(1, 6)]
    rows[2].update(changes)

    page = decode.decode_page(CARIKART, rows, 1, 0)

    assert page.rejected_rows == 1
    assert page.rejects.get_column("column_name").to_list() == [column]
    assert page.rejects.get_column("_key").to_list() == ["3"]
    assert sorted(page.frame.get_column("_key").to_list()) == [1, 2, 4, 5]


def test_clean_page_has_no_rejects():
    page = decode.decode_page(CARIKART, [carikart_row(key) for key in range(1, 6)], 1, 0)

    assert page.rejected_rows == 0
    assert page.frame.height == 5


def test_duplicate_keys_rejected():
    rows = [carikart_row(1), carikart_row(1), carikart_row(2)]

    page = decode.decode_page(CARIKART, rows, 1, 0)

    assert page.rejected_rows == 2
    assert set(page.rejects.get_column("reason")) == {"failed check field_uniqueness"}


def numbered(count: int, produced: list[int], fail_at: int | None = None):
    for number in range(count):
        if number == fail_at:
            raise ValueError(f"listing failed at {number}")
        produced.append(number)
        yield number


def test_prefetch_keeps_order():
    produced: list[int] = []

    assert list(prefetched(numbered(50, produced))) == list(range(50))


def test_prefetch_raises_where_listing_failed():
    produced: list[int] = []
    received = []

    with pytest.raises(ValueError, match="listing failed at 3"):
        for number in prefetched(numbered(10, produced, fail_at=3)):
            received.append(number)

    assert received == [0, 1, 2]


def test_prefetch_stops_when_closed():
    produced: list[int] = []

    with contextlib.closing(prefetched(numbered(1000, produced), name="test-prefetch")) as numbers:
        for number in numbers:
            time.sleep(0.02)
            if number == 2:
                break

    # At most two items beyond the one being consumed, and the thread is gone.
    assert len(produced) <= 5
    assert "test-prefetch" not in [thread.name for thread in threading.enumerate()]
