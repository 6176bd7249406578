"""Fixed cases for the Turkish text kernels: case mapping, sort keys and match keys."""

import polars as pl
import pytest

import accel

CITIES_IN_TURKISH_ORDER = [
    "Adana", "Ağrı", "Bursa", "Çanakkale", "Çorum", "Denizli", "Edirne", "Gaziantep",
    "Giresun", "Gümüşhane", "Hakkari", "Iğdır", "Isparta", "İstanbul", "İzmir", "Kars",
    "Muğla", "Ordu", "Ödemiş", "Rize", "Sivas", "Şanlıurfa", "Şırnak", "Tokat", "Uşak",
    "Ünye", "Van", "Yozgat", "Zonguldak",
]


def strings(*values: str | None) -> pl.Series:
    return pl.Series("unvan", list(values), dtype=pl.String)


def turkish_sorted(values: list[str], hex_digits: bool = False) -> list[str]:
    frame = pl.DataFrame({"city": values})
    keys = accel.tr_sort_key(frame["city"], hex_digits=hex_digits)
    return frame.with_columns(key=keys).sort("key")["city"].to_list()


@pytest.mark.parametrize(
    ("lower", "upper"),
    [("i", "İ"), ("ı", "I"), ("ç", "Ç"), ("ğ", "Ğ"), ("ö", "Ö"), ("ş", "Ş"), ("ü", "Ü")],
)
def test_casing_pairs(lower: str, upper: str) -> None:
    assert accel.tr_upper(strings(lower)).item() == upper
    assert accel.tr_lower(strings(upper)).item() == lower


def test_upper_company_name() -> None:
    result = accel.tr_upper(strings("istanbul ığdır şirketi", None))

    assert result.to_list() == ["İSTANBUL IĞDIR ŞİRKETİ", None]


def test_lower_keeps_one_character_per_character() -> None:
    # Python's "İ".lower() is "i" + U+0307; the Turkish mapping is the single "i".
    result = accel.tr_lower(strings("İZMİR"))

    assert result.item() == "izmir"
    assert result.str.len_chars().item() == 5


def test_upper_leaves_multi_character_mappings() -> None:
    # ß upper-cases to "SS" in Unicode's full mapping; one in, one out keeps it.
    assert accel.tr_upper(strings("straße")).item() == "STRAßE"


def test_sort_key_orders_turkish_cities() -> None:
    shuffled = CITIES_IN_TURKISH_ORDER[::-1][::2] + CITIES_IN_TURKISH_ORDER[::-1][1::2]

    assert turkish_sorted(shuffled) == CITIES_IN_TURKISH_ORDER
    assert turkish_sorted(shuffled, hex_digits=True) == CITIES_IN_TURKISH_ORDER


def test_sort_key_named_neighbours() -> None:
    order = turkish_sorted(["Zonguldak", "Denizli", "İstanbul", "Çorum", "Sivas", "Iğdır",
                            "Şanlıurfa", "Çanakkale", "Bursa"])

    assert order == ["Bursa", "Çanakkale", "Çorum", "Denizli", "Iğdır", "İstanbul", "Sivas",
                     "Şanlıurfa", "Zonguldak"]


def test_sort_key_ignores_case() -> None:
    keys = accel.tr_sort_key(strings("İSTANBUL", "istanbul", "IĞDIR", "ığdır"))

    assert keys[0] == keys[1]
    assert keys[2] == keys[3]
    assert keys[0] != keys[2]


def test_sort_key_decomposed_equals_precomposed() -> None:
    keys = accel.tr_sort_key(strings("Çorum", "C\u0327orum", "İzmir", "I\u0307zmir", "i\u0307zmir"))

    assert keys.to_list()[1:] == [keys[0], keys[2], keys[2], keys[2]]


def test_sort_key_groups() -> None:
    # White space, punctuation, digits, letters (Q, W, X at their Latin places),
    # then letters outside the Latin alphabet.
    expected = [" ", "-", "0", "9", "A", "P", "Q", "R", "V", "W", "X", "Y", "Z", "Ω", "中"]

    assert turkish_sorted(expected[::-1]) == expected


def test_sort_key_prefix_first() -> None:
    assert turkish_sorted(["Ankara Yolu", "Ankara", "Ankaralı"]) == [
        "Ankara", "Ankara Yolu", "Ankaralı"]


def test_sort_key_hex_matches_binary() -> None:
    values = strings("Şanlıurfa", "", None, "Ω 12")

    binary = accel.tr_sort_key(values)
    hex_text = accel.tr_sort_key(values, hex_digits=True)

    assert hex_text.dtype == pl.String
    assert hex_text.to_list() == [None if key is None else key.hex() for key in binary]


def test_sort_key_hex_uses_hex_digits_only() -> None:
    keys = accel.tr_sort_key(strings("Çağdaş A.Ş. 中 ٣"), hex_digits=True)

    assert set(keys.item()) <= set("0123456789abcdef")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  Çağdaş-Öz Ltd. Şti. ", "CAGDASOZ LTD STI"),
        ("ÇAĞDAŞ ÖZ LTD ŞTİ", "CAGDAS OZ LTD STI"),
        ("ığdır\tinşaat\n\u00a0A.Ş.", "IGDIR INSAAT AS"),
        ("Kâğıt Ürünleri", "KAGIT URUNLERI"),
        ("I\u0307stanbul", "ISTANBUL"),
        ("...", ""),
        ("Müller & Söhne GmbH", "MULLER SOHNE GMBH"),
        ("Straße 5", "STRAßE 5"),
    ],
)
def test_match_key_folds_names(text: str, key: str) -> None:
    assert accel.match_key(strings(text)).item() == key
