"""The listing requests the client sends, checked on the wire against the stub."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from dia_resources.dia import DiaProtocolError

from .stub_server import Reply

LISTING = "scf_carikart_listele"


def sent_params(stub, service: str = LISTING) -> list[dict]:
    return [request.params for request in stub.dia.received if request.service == service]


def rows(*keys) -> Reply:
    return Reply({"code": "200", "msg": "", "result": [{"_key": key, "unvan": "x"} for key in keys]})


def test_pages_filter_after_last_key(stub, stub_client):
    stub.dia.script(LISTING, rows(3, 5), rows("8", "13"), rows(21))
    client = stub_client()

    pages = list(client.list_pages("scf_carikart", firma_kodu=2, columns=["unvan"], page_size=2))

    assert [[row["_key"] for row in page.rows] for page in pages] == [[3, 5], [8, 13], [21]]
    assert [page.number for page in pages] == [1, 2, 3]
    params = sent_params(stub)
    assert params[0]["filters"] == ""
    assert params[1]["filters"] == [{"field": "_key", "operator": ">", "value": "5"}]
    assert params[2]["filters"] == [{"field": "_key", "operator": ">", "value": "13"}]

    for page_params in params:
        assert page_params["sorts"] == [{"field": "_key", "sorttype": "ASC"}]
        assert page_params["params"] == {"selectedcolumns": ["_key", "unvan"]}
        assert page_params["limit"] == 2
        assert page_params["offset"] == 0
        assert page_params["firma_kodu"] == 2
        assert "donem_kodu" not in page_params


def test_one_info_line_per_page(stub, stub_client, caplog):
    caplog.set_level(logging.INFO, logger="dia_resources.dia")
    stub.dia.script(LISTING, rows(1, 2), rows(3))
    client = stub_client()

    list(client.list_pages("scf_carikart", page_size=2))

    page_lines = [record.getMessage() for record in caplog.records if " page " in record.getMessage()]
    assert len(page_lines) == 2
    assert page_lines[0].startswith(f"{LISTING} page 1: 2 rows")
    assert page_lines[1].startswith(f"{LISTING} page 2: 1 rows")


def test_full_last_page_ends_with_empty(stub, stub_client):
    stub.dia.script(LISTING, rows(1, 2), rows())
    client = stub_client()

    pages = list(client.list_pages("scf_carikart", page_size=2))

    assert [len(page.rows) for page in pages] == [2, 0]
    assert pages[1].last_key is None
    assert len(sent_params(stub)) == 2


def test_since_and_after_key_filters(stub, stub_client):
    stub.dia.script("scf_fatura_listele", rows(101))
    client = stub_client()

    pages = list(
        client.list_pages(
            "scf_fatura",
            firma_kodu=1,
            donem_kodu=4,
            since=datetime(2024, 7, 1, 8, 30),
            after_key=100,
            page_size=50,
        )
    )

    assert len(pages) == 1
    (params,) = sent_params(stub, "scf_fatura_listele")
    assert params["donem_kodu"] == 4
    assert params["filters"] == [
        {"field": "_key", "operator": ">", "value": "100"},
        {"field": "_date", "operator": ">=", "value": "2024-07-01 08:30:00"},
    ]
    assert params["params"] == ""


def test_custom_service_used(stub, stub_client):
    stub.dia.script("scf_fatura_listele_ayrintili", rows(7))
    client = stub_client()

    pages = list(client.list_pages("scf_fatura_kalemi", service="scf_fatura_listele_ayrintili"))

    assert pages[0].rows[0]["_key"] == 7
    assert stub.dia.received[-1].path == "/stub/api/v3/scf/json"


def test_list_keys_one_call(stub, stub_client):
    stub.dia.script(LISTING, Reply({"code": "200", "result": [{"_key": "9"}, {"_key": 4}]}))
    client = stub_client()

    keys = client.list_keys("scf_carikart", firma_kodu=1)

    assert keys == [9, 4]
    (params,) = sent_params(stub)
    assert params["limit"] == 0
    assert params["params"] == {"selectedcolumns": ["_key"]}


def test_unsorted_keys_rejected(stub, stub_client):
    stub.dia.script(LISTING, rows(5, 3))
    client = stub_client()

    with pytest.raises(DiaProtocolError):
        list(client.list_pages("scf_carikart", page_size=2))


def test_key_filter_ignored_rejected(stub, stub_client):
    # A server that ignores `_key > last` would send the first page again, forever.
    stub.dia.always(LISTING, rows(1, 2))
    client = stub_client()

    with pytest.raises(DiaProtocolError):
        list(client.list_pages("scf_carikart", page_size=2))

    assert len(sent_params(stub)) == 2


def test_row_without_key_rejected(stub, stub_client):
    stub.dia.script(LISTING, Reply({"code": "200", "result": [{"unvan": "x"}]}))
    client = stub_client()

    with pytest.raises(DiaProtocolError):
        list(client.list_pages("scf_carikart"))


def test_non_integer_key_rejected(stub, stub_client):
    stub.dia.script(LISTING, rows("12a"))
    client = stub_client()

    with pytest.raises(DiaProtocolError):
        list(client.list_pages("scf_carikart"))


def test_page_size_must_be_positive(stub_client):
    client = stub_client()

    with pytest.raises(ValueError):
        list(client.list_pages("scf_carikart", page_size=0))


def test_getir_ekle_and_companies(stub, stub_client):
    stub.dia.script("scf_carikart_getir", Reply({"code": "200", "result": {"_key": 5, "unvan": "A"}}))
    stub.dia.script(
        "scf_fatura_ekle",
        Reply({"code": "200", "msg": "", "key": "77", "extra": {"kalemlerKeys": [78, 79]}}),
    )
    companies = [
        {
            "firmakodu": "1",
            "firmaadi": "Acme A.Ş.",
            "donemler": [
                {
                    "donemkodu": 3,
                    "gorunendonemkodu": "2024",
                    "baslangictarihi": "2024-01-01",
                    "bitistarihi": "2024-12-31",
                    "ontanimli": "t",
                }
            ],
            "subeler": [],
        }
    ]
    stub.dia.script("sis_yetkili_firma_donem_sube_depo", Reply({"code": "200", "result": companies}))
    client = stub_client()

    record = client.getir("scf_carikart", 5, firma_kodu=1)
    created = client.ekle("scf_fatura", {"m_kalemler": []}, firma_kodu=1, donem_kodu=3)
    (company,) = client.yetkili_firma_donem_sube_depo()

    assert record == {"_key": 5, "unvan": "A"}
    assert sent_params(stub, "scf_carikart_getir")[0]["key"] == 5
    assert created.key == 77
    assert created.extra == {"kalemlerKeys": [78, 79]}
    assert sent_params(stub, "scf_fatura_ekle")[0]["kart"] == {"m_kalemler": []}
    assert company.firmakodu == 1
    assert company.firmaadi == "Acme A.Ş."
    assert company.donemler[0].donemkodu == 3
    assert company.donemler[0].bitistarihi.isoformat() == "2024-12-31"
    assert company.donemler[0].ontanimli is True
