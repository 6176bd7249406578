"""Pools of Turkish names, places and goods, built once per process.

Rows are assembled from these pools by index arrays, so a million cards cost a few numpy
operations instead of a million Faker calls. Faker's tr_TR locale supplies people's names; it
has no Turkish address data, so cities, districts and tax offices are listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from faker import Faker

# (city, telephone area code, dag_bolge code, districts)
CITIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("İstanbul", "0212", "MAR", ("Kadıköy", "Beşiktaş", "Şişli", "Üsküdar", "Bakırköy", "Ataşehir", "Pendik", "Esenyurt")),
    ("Ankara", "0312", "ICA", ("Çankaya", "Keçiören", "Yenimahalle", "Mamak", "Etimesgut", "Sincan")),
    ("İzmir", "0232", "EGE", ("Konak", "Karşıyaka", "Bornova", "Buca", "Çiğli", "Bayraklı")),
    ("Bursa", "0224", "MAR", ("Osmangazi", "Nilüfer", "Yıldırım", "İnegöl", "Gemlik")),
    ("Antalya", "0242", "AKD", ("Muratpaşa", "Kepez", "Konyaaltı", "Alanya", "Manavgat")),
    ("Konya", "0332", "ICA", ("Selçuklu", "Meram", "Karatay", "Ereğli")),
    ("Adana", "0322", "AKD", ("Seyhan", "Çukurova", "Yüreğir", "Ceyhan")),
    ("Gaziantep", "0342", "GDA", ("Şahinbey", "Şehitkamil", "Nizip")),
    ("Kocaeli", "0262", "MAR", ("İzmit", "Gebze", "Darıca", "Körfez")),
    ("Kayseri", "0352", "ICA", ("Melikgazi", "Kocasinan", "Talas")),
    ("Trabzon", "0462", "KAR", ("Ortahisar", "Akçaabat", "Of")),
    ("Samsun", "0362", "KAR", ("İlkadım", "Atakum", "Canik", "Bafra")),
    ("Eskişehir", "0222", "ICA", ("Odunpazarı", "Tepebaşı")),
    ("Denizli", "0258", "EGE", ("Merkezefendi", "Pamukkale", "Çivril")),
    ("Diyarbakır", "0412", "GDA", ("Bağlar", "Kayapınar", "Yenişehir")),
    ("Erzurum", "0442", "DOA", ("Yakutiye", "Palandöken", "Aziziye")),
    ("Malatya", "0422", "DOA", ("Battalgazi", "Yeşilyurt")),
    ("Manisa", "0236", "EGE", ("Yunusemre", "Şehzadeler", "Akhisar", "Turgutlu")),
    ("Mersin", "0324", "AKD", ("Yenişehir", "Mezitli", "Toroslar", "Tarsus")),
    ("Sakarya", "0264", "MAR", ("Adapazarı", "Serdivan", "Hendek")),
)

# Weights that make İstanbul, Ankara and İzmir as common as they are in real customer lists.
CITY_WEIGHTS: tuple[float, ...] = (30, 12, 10, 6, 5, 4, 4, 3, 4, 3, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2)

REGIONS: tuple[tuple[str, str], ...] = (
    ("MAR", "Marmara Bölgesi"),
    ("EGE", "Ege Bölgesi"),
    ("ICA", "İç Anadolu Bölgesi"),
    ("AKD", "Akdeniz Bölgesi"),
    ("KAR", "Karadeniz Bölgesi"),
    ("DOA", "Doğu Anadolu Bölgesi"),
    ("GDA", "Güneydoğu Anadolu Bölgesi"),
)

SECTORS: tuple[str, ...] = (
    "Gıda", "Tekstil", "İnşaat", "Otomotiv", "Elektrik", "Elektronik", "Mobilya", "Kimya", "Lojistik",
    "Turizm", "Makine", "Ambalaj", "Tarım", "Medikal", "Bilişim", "Enerji", "Plastik", "Kırtasiye",
    "Temizlik", "Yapı Malzemeleri", "Hırdavat", "Kozmetik", "Ayakkabı", "Metal",
)

COMPANY_FORMS: tuple[str, ...] = (
    "San. ve Tic. Ltd. Şti.", "Tic. Ltd. Şti.", "San. Tic. A.Ş.", "A.Ş.", "Ltd. Şti.", "Pazarlama Ltd. Şti.",
    "İth. İhr. San. ve Tic. A.Ş.",
)

# Goods: (name, unit, KDV rate, typical price in kuruş)
GOODS: tuple[tuple[str, str, int, int], ...] = (
    ("Un", "KG", 1, 2_500), ("Ekmeklik Buğday", "KG", 1, 1_200), ("Pirinç", "KG", 1, 6_500),
    ("Bulgur", "KG", 1, 4_000), ("Kırmızı Mercimek", "KG", 1, 5_500), ("Ayçiçek Yağı 5 L", "ADET", 1, 42_000),
    ("Zeytinyağı 1 L", "ADET", 1, 38_000), ("Beyaz Peynir", "KG", 1, 24_000), ("Çay 1 kg", "ADET", 1, 35_000),
    ("Türk Kahvesi 250 g", "ADET", 1, 18_000), ("Şeker", "KG", 1, 3_800), ("Makarna 500 g", "ADET", 1, 2_200),
    ("Deterjan 4 kg", "ADET", 20, 32_000), ("Kağıt Havlu 12'li", "PAKET", 20, 21_000),
    ("A4 Fotokopi Kağıdı", "KOLI", 20, 95_000), ("Tükenmez Kalem", "ADET", 20, 1_500), ("Dosya Klasörü", "ADET", 20, 6_500),
    ("Çimento 50 kg", "ADET", 20, 22_000), ("İnşaat Demiri", "KG", 20, 2_600), ("Tuğla", "ADET", 20, 900),
    ("Alçı Levha", "ADET", 20, 14_000), ("PVC Boru 3 m", "ADET", 20, 11_000), ("Elektrik Kablosu", "MT", 20, 1_800),
    ("LED Ampul", "ADET", 20, 7_500), ("Priz", "ADET", 20, 5_500), ("Matkap", "ADET", 20, 185_000),
    ("Vida Seti", "PAKET", 20, 9_000), ("İş Eldiveni", "ADET", 20, 3_500), ("Pamuklu Kumaş", "MT", 10, 12_000),
    ("Tişört", "ADET", 10, 25_000), ("Kot Pantolon", "ADET", 10, 85_000), ("Spor Ayakkabı", "ADET", 10, 190_000),
    ("Dizüstü Bilgisayar", "ADET", 20, 3_200_000), ("Monitör 27\"", "ADET", 20, 850_000), ("Klavye", "ADET", 20, 45_000),
    ("Yazıcı Toneri", "ADET", 20, 120_000), ("Ofis Koltuğu", "ADET", 20, 420_000), ("Çalışma Masası", "ADET", 20, 380_000),
    ("Motor Yağı 4 L", "ADET", 20, 95_000), ("Antifriz", "LT", 20, 15_000), ("Lastik 205/55 R16", "ADET", 20, 280_000),
    ("Streç Film", "ADET", 20, 26_000), ("Karton Koli", "ADET", 20, 1_900), ("Palet", "ADET", 20, 35_000),
)

SERVICES: tuple[tuple[str, int], ...] = (
    ("Nakliye Hizmeti", 150_000), ("Montaj Hizmeti", 90_000), ("Danışmanlık Hizmeti", 500_000),
    ("Bakım Onarım", 120_000), ("Yazılım Lisansı", 250_000), ("Kiralama Bedeli", 400_000),
)

TAX_OFFICES: tuple[tuple[str, str], ...] = (
    ("Kadıköy", "İstanbul"), ("Beşiktaş", "İstanbul"), ("Mecidiyeköy", "İstanbul"), ("Üsküdar", "İstanbul"),
    ("Büyük Mükellefler", "İstanbul"), ("Zincirlikuyu", "İstanbul"), ("Bakırköy", "İstanbul"),
    ("Çankaya", "Ankara"), ("Kızılbey", "Ankara"), ("Ostim", "Ankara"), ("Konak", "İzmir"),
    ("Karşıyaka", "İzmir"), ("Bornova", "İzmir"), ("Nilüfer", "Bursa"), ("Osmangazi", "Bursa"),
    ("Muratpaşa", "Antalya"), ("Selçuk", "Konya"), ("Seyhan", "Adana"), ("Şehitkamil", "Gaziantep"),
    ("Tepecik", "Kocaeli"), ("Erciyes", "Kayseri"), ("Hızırbey", "Trabzon"), ("19 Mayıs", "Samsun"),
)

CURRENCIES: tuple[tuple[str, str, str], ...] = (
    ("TL", "TL", "Türk Lirası"),
    ("USD", "Dolar", "Amerikan Doları"),
    ("EUR", "Euro", "Avrupa Birliği Avrosu"),
    ("GBP", "Sterlin", "İngiliz Sterlini"),
)

MOBILE_PREFIXES: tuple[str, ...] = ("0532", "0533", "0535", "0542", "0505", "0544", "0555", "0554")
FREE_MAIL_DOMAINS: tuple[str, ...] = ("gmail.com", "hotmail.com", "yandex.com", "outlook.com")

_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU")


def ascii_slug(text: str) -> str:
    """Lowercase ASCII form of a Turkish name for e-mail addresses ("Şükrü Öztürk" -> "sukruozturk")."""
    return "".join(char for char in text.translate(_ASCII).lower() if char.isalnum())


@dataclass(frozen=True)
class NamePools:
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]

    @property
    def first_slugs(self) -> tuple[str, ...]:
        return tuple(ascii_slug(name) for name in self.first_names)

    @property
    def last_slugs(self) -> tuple[str, ...]:
        return tuple(ascii_slug(name) for name in self.last_names)


@cache
def name_pools() -> NamePools:
    """Distinct Turkish first and last names from Faker, in a fixed order for a fixed seed."""
    faker = Faker("tr_TR")
    faker.seed_instance(20240101)
    first = {faker.first_name() for _ in range(3000)}
    last = {faker.last_name() for _ in range(3000)}
    return NamePools(tuple(sorted(first)), tuple(sorted(last)))


@dataclass(frozen=True)
class ComboPools:
    """Pre-joined strings, so that a row's name or e-mail is one index instead of several concatenations."""

    person_names: object  # numpy object array, index first * len(last) + last
    person_mails: object  # index (first * len(last) + last) * len(FREE_MAIL_DOMAINS) + domain
    company_names: object  # index (last * len(SECTORS) + sector) * len(COMPANY_FORMS) + form
    company_mails: object  # index last * len(SECTORS) + sector
    streets: object  # "<street> Cad. No:<n> ", index street * 199 + number - 1
    places: object  # "<district>/<city>", index into the flattened district list
    landlines: object  # per city, LANDLINES_PER_CITY numbers
    mobiles: object


LANDLINES_PER_CITY = 5000
MOBILE_COUNT = 100_000


@cache
def combo_pools() -> ComboPools:
    import numpy as np  # noqa: PLC0415

    def array(values: list[str]) -> object:
        result = np.empty(len(values), dtype=object)
        result[:] = values
        return result

    names = name_pools()
    rng = np.random.default_rng(7)
    firsts, lasts = names.first_names, names.last_names
    first_slugs, last_slugs = names.first_slugs, names.last_slugs
    sector_slugs = [ascii_slug(sector) for sector in SECTORS]

    def phone(prefix: str, count: int) -> list[str]:
        parts = rng.integers([200, 10, 10], [1000, 100, 100], size=(count, 3)).tolist()
        return [f"{prefix} {a} {b} {c}" for a, b, c in parts]

    return ComboPools(
        person_names=array([f"{first} {last}" for first in firsts for last in lasts]),
        person_mails=array(
            [f"{first}.{last}@{domain}" for first in first_slugs for last in last_slugs for domain in FREE_MAIL_DOMAINS]
        ),
        company_names=array([f"{last} {sector} {form}" for last in lasts for sector in SECTORS for form in COMPANY_FORMS]),
        company_mails=array([f"info@{last}{sector}.com.tr" for last in last_slugs for sector in sector_slugs]),
        streets=array([f"{last} Cad. No:{number} " for last in lasts for number in range(1, 200)]),
        places=array([f"{district}/{city}" for city, _code, _region, districts in CITIES for district in districts]),
        landlines=array([number for _city, code, _region, _districts in CITIES for number in phone(code, LANDLINES_PER_CITY)]),
        mobiles=array([number for prefix in MOBILE_PREFIXES for number in phone(prefix, MOBILE_COUNT // len(MOBILE_PREFIXES))]),
    )
