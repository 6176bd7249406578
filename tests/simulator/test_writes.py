"""`_ekle` for cari cards and invoices with lines."""

from __future__ import annotations

from decimal import Decimal

from dia_simulator import Simulator

from .conftest import DiaCaller


def test_ekle_carikart_then_list_and_getir(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    kart = {"carikartkodu": "TEST001", "unvan": "Deneme Gıda Ltd. Şti.", "carikarttipi": "AS",
            "verginumarasi": "0010213576", "sehir": "İzmir", "borctoplam": "12.5"}

    answer = fresh_caller.call("scf_carikart_ekle", firma_kodu=1, kart=kart)
    key = answer.body["key"]
    listed = fresh_caller.listele("scf_carikart_listele", filters=[{"field": "carikartkodu", "operator": "=", "value": "TEST001"}])
    fetched = fresh_caller.call("scf_carikart_getir", firma_kodu=1, key=key)

    assert answer.body["code"] == "200"
    assert isinstance(key, int)
    assert [int(row["_key"]) for row in listed.body["result"]] == [key]
    assert fetched.body["result"]["unvan"] == "Deneme Gıda Ltd. Şti."
    assert fetched.body["result"]["verginumarasi"] == "0010213576"
    assert fetched.body["result"]["borctoplam"] == "12.500000"
    assert key > max(int(row["_key"]) for row in fresh_sim.rows("sim1", "scf_carikart", 1) if row["carikartkodu"] != "TEST001")


def test_ekle_carikart_duplicate_code_fails(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    existing = fresh_sim.rows("sim1", "scf_carikart", 1)[0]["carikartkodu"]

    answer = fresh_caller.call("scf_carikart_ekle", firma_kodu=1, kart={"carikartkodu": existing, "unvan": "X"})

    assert answer.body["code"] == "500"


def test_ekle_fatura_with_lines(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    card = fresh_sim.rows("sim1", "scf_carikart", 1)[3]
    items = fresh_sim.rows("sim1", "scf_stokkart", 1)
    kart = {
        "turu": 3, "tarih": "2026-03-15", "saat": "10:30:00", "_key_scf_carikart": {"carikartkodu": card["carikartkodu"]},
        "m_kalemler": [
            {"kalemturu": "MLZM", "_key_scf_stokkart": int(items[0]["_key"]), "miktar": "3", "birimfiyati": "10.005",
             "kdv": "20", "indirimorani": "10"},
            {"kalemturu": "MLZM", "_key_scf_stokkart": {"stokkartkodu": items[1]["stokkartkodu"]}, "miktar": "1.5",
             "birimfiyati": "99.99", "kdv": "1"},
            {"kalemturu": "HZMT", "aciklama": "Nakliye", "miktar": "1", "birimfiyati": "250", "kdv": "10"},
        ],
    }

    answer = fresh_caller.call("scf_fatura_ekle", firma_kodu=1, donem_kodu=3, kart=kart)
    header = fresh_caller.call("scf_fatura_getir", firma_kodu=1, donem_kodu=3, key=answer.body["key"]).body["result"]
    lines = header["m_kalemler"]

    assert answer.body["code"] == "200"
    assert [int(line["_key"]) for line in lines] == answer.body["extra"]["kalemlerKeys"]
    # 3 x 10.005 = 30.015 -> 30.02; 10 % discount 3.00; KDV 20 % of 27.02 = 5.40
    assert (lines[0]["tutari"], lines[0]["indirimtutari"], lines[0]["kdvtutari"]) == ("30.020000", "3.000000", "5.400000")
    # 1.5 x 99.99 = 149.985 -> 149.99; KDV 1 % = 1.50
    assert (lines[1]["tutari"], lines[1]["kdvtutari"]) == ("149.990000", "1.500000")
    assert lines[2]["stokkartkodu"] is None
    assert header["toplam"] == "430.010000"
    assert header["toplamindirim"] == "3.000000"
    assert header["toplamkdv"] == "31.900000"
    assert Decimal(header["net"]) == Decimal("430.01") - Decimal("3.00") + Decimal("31.90")
    assert header["_key_scf_carikart"] == card["_key"]
    assert header["carikartkodu"] == card["carikartkodu"]


def test_ekle_fatura_ambiguous_match_fails(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    kart = {"turu": 2, "tarih": "2026-03-15", "_key_scf_carikart": {"durum": "A"},
            "m_kalemler": [{"kalemturu": "HZMT", "miktar": "1", "birimfiyati": "1"}]}

    answer = fresh_caller.call("scf_fatura_ekle", firma_kodu=1, donem_kodu=3, kart=kart)

    assert answer.body["code"] == "500"
    assert "matches" in answer.body["msg"]


def test_ekle_fatura_outside_period_fails(fresh_caller: DiaCaller) -> None:
    kart = {"turu": 2, "tarih": "2024-03-15", "_key_scf_carikart": {"carikartkodu": "C0000001"},
            "m_kalemler": [{"kalemturu": "HZMT", "miktar": "1", "birimfiyati": "1"}]}

    answer = fresh_caller.call("scf_fatura_ekle", firma_kodu=1, donem_kodu=3, kart=kart)

    assert answer.body["code"] == "500"


def test_ekle_fatura_shows_in_line_listing(fresh_sim: Simulator, fresh_caller: DiaCaller) -> None:
    kart = {"turu": 5, "tarih": "2026-02-01", "_key_scf_carikart": {"carikartkodu": "C0000002"},
            "m_kalemler": [{"kalemturu": "HZMT", "miktar": "2", "birimfiyati": "50"}]}

    key = fresh_caller.call("scf_fatura_ekle", firma_kodu=1, donem_kodu=3, kart=kart).body["key"]
    lines = fresh_caller.listele("scf_fatura_listele_ayrintili", donem_kodu=3,
                                 filters=[{"field": "_key_scf_fatura", "operator": "=", "value": str(key)}]).body["result"]

    assert [line["tutari"] for line in lines] == ["100.000000"]
    assert lines[0]["kdvtutari"] == "20.000000"
