"""The key listing read into an array: plain bodies take the sliced parse, others the full one."""

from __future__ import annotations

from array import array

import orjson
import pytest

from dia_resources.dia import DiaProtocolError, keylisting
from dia_resources.dia.keylisting import parse_key_listing

from .stub_server import Reply

LISTING = "scf_carikart_listele"


def body(result: object, **extra: object) -> bytes:
    return orjson.dumps({"code": "200", "msg": "", **extra, "result": result})


def test_plain_listing_parsed_into_array():
    parsed = parse_key_listing(body([{"_key": 9}, {"_key": "4"}, {"_key": " 12 "}]))

    assert parsed is not None
    assert isinstance(parsed["result"], array)
    assert parsed["result"].typecode == "q"
    assert list(parsed["result"]) == [9, 4, 12]
    assert parsed["code"] == "200"


def test_small_slices_give_same_keys(monkeypatch):
    keys = list(range(1000, 1400)) + [2**63 - 1]
    monkeypatch.setattr(keylisting, "SLICE_BYTES", 37)

    parsed = parse_key_listing(body([{"_key": key} for key in keys]))

    assert parsed is not None
    assert list(parsed["result"]) == keys


def test_empty_listing_parsed():
    parsed = parse_key_listing(b'{"code": "200", "result": [ ]}')

    assert parsed is not None
    assert list(parsed["result"]) == []


@pytest.mark.parametrize(
    "raw",
    [
        b'{"code":"200","result":[{"_key":1},]}',
        b'{"code":"200","result":[{"_key":1},{"x":2}]}',
        b'{"code":"200","result":[{"_key":1,"n":"a]b"}]}',
        b'{"code":"200","result":[{"_key":true}]}',
        b'{"code":"200","result":[{"_key":1.0}]}',
        b'{"code":"200","result":[{"_key":"x1"}]}',
        b'{"code":"200","result":[{"_key":9223372036854775808}]}',
        b'{"code":"200","extra":{"result":[{"_key":5}]},"result":null}',
        b'{"code":"200","result":[{"_key":1},{"_key":2}]',
        b'{"code":"401","msg":"INVALID_SESSION"}',
        b"<html>busy</html>",
    ],
)
def test_other_bodies_left_to_full_parse(raw):
    assert parse_key_listing(raw) is None


def test_key_array_through_client(stub, stub_client):
    stub.dia.script(LISTING, Reply(body([{"_key": 7}, {"_key": "3"}])))
    client = stub_client()

    keys = client.list_key_array("scf_carikart", firma_kodu=1)

    assert keys == array("q", [7, 3])
    assert client.usage.calls == 1


def test_key_array_rows_with_extra_columns(stub, stub_client):
    stub.dia.script(LISTING, Reply(body([{"_key": 7, "__x": "a"}, {"_key": 8, "__x": "b"}])))
    client = stub_client()

    keys = client.list_key_array("scf_carikart", firma_kodu=1)

    assert keys == array("q", [7, 8])


def test_key_array_row_without_key_rejected(stub, stub_client):
    stub.dia.script(LISTING, Reply(body([{"_key": 7}, {"unvan": "x"}])))
    client = stub_client()

    with pytest.raises(DiaProtocolError, match="row 1 has no _key"):
        client.list_key_array("scf_carikart", firma_kodu=1)


def test_key_array_key_beyond_64_bits_rejected(stub, stub_client):
    stub.dia.script(LISTING, Reply(body([{"_key": "9223372036854775808"}])))
    client = stub_client()

    with pytest.raises(DiaProtocolError, match="beyond 64 bits"):
        client.list_key_array("scf_carikart", firma_kodu=1)
