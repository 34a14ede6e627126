"""Fixed reference data for the seed: countries, stores, phones, places, products.

Person names come from Faker's locale providers (read once as plain lists,
never by calling Faker per row). Phone patterns are prefixes whose every
completion ``phonenumbers`` accepts as a valid number of that country
(checked by ``tests/server/test_seed.py``).
"""

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import import_module


@dataclass(frozen=True)
class PhonePattern:
    """``prefix`` + one digit in ``first_low..first_high`` + ``free`` random digits."""

    prefix: str
    first_low: int
    first_high: int
    free: int


@dataclass(frozen=True)
class Country:
    code: str
    locale: str
    currency: str
    minor_per_usd_cent: float  # price conversion from the USD catalogue, in minor units
    weight: float  # share of customers
    store_code: str
    store_name: str
    timezone: str
    phones: tuple[PhonePattern, ...]
    cities: tuple[tuple[str, str], ...]  # (city, postal code template: # a digit, @ a letter)
    streets: tuple[str, ...]
    address_format: str  # with {number} and {street}
    mail_domains: tuple[str, ...]
    carriers: tuple[str, ...]
    support_line: str


def _p(prefix: str, low: int, high: int, free: int) -> PhonePattern:
    return PhonePattern(prefix, low, high, free)


COUNTRIES: tuple[Country, ...] = (
    Country(
        "US",
        "en_US",
        "USD",
        1.0,
        0.35,
        "NYC",
        "New York Fifth Avenue",
        "America/New_York",
        (
            _p("+1212", 2, 9, 6),
            _p("+1646", 2, 9, 6),
            _p("+1718", 2, 9, 6),
            _p("+1917", 2, 9, 6),
            _p("+1312", 2, 9, 6),
            _p("+1415", 2, 9, 6),
            _p("+1617", 2, 9, 6),
            _p("+1202", 2, 9, 6),
        ),
        (
            ("New York", "100##"),
            ("Brooklyn", "112##"),
            ("Chicago", "606##"),
            ("San Francisco", "941##"),
            ("Boston", "021##"),
            ("Washington", "200##"),
        ),
        (
            "Main Street",
            "Oak Avenue",
            "Maple Drive",
            "Park Place",
            "Washington Boulevard",
            "Lakeview Terrace",
            "Cedar Lane",
            "Elm Street",
            "Sunset Road",
            "Hillcrest Avenue",
        ),
        "{number} {street}",
        ("gmail.com", "outlook.com", "yahoo.com", "icloud.com"),
        ("UPS", "FedEx", "USPS"),
        "+12125550100",
    ),
    Country(
        "GB",
        "en_GB",
        "GBP",
        0.8,
        0.18,
        "LDN",
        "London Oxford Street",
        "Europe/London",
        (_p("+4477", 1, 3, 7), _p("+44207", 0, 9, 6), _p("+44161", 0, 9, 6)),
        (
            ("London", "SW1A #@@"),
            ("London", "E1 #@@"),
            ("Manchester", "M1 #@@"),
            ("Leeds", "LS1 #@@"),
            ("Bristol", "BS1 #@@"),
        ),
        (
            "High Street",
            "Station Road",
            "Church Lane",
            "Victoria Road",
            "Green Lane",
            "Manor Road",
            "Park Road",
            "Queensway",
            "The Crescent",
            "Mill Lane",
        ),
        "{number} {street}",
        ("gmail.com", "btinternet.com", "yahoo.co.uk", "outlook.com"),
        ("Royal Mail", "DPD", "Evri"),
        "+442075550100",
    ),
    Country(
        "DE",
        "de_DE",
        "EUR",
        0.92,
        0.15,
        "BER",
        "Berlin Kurfürstendamm",
        "Europe/Berlin",
        (
            _p("+49151", 0, 9, 7),
            _p("+49160", 0, 9, 6),
            _p("+49170", 0, 9, 6),
            _p("+49176", 0, 9, 7),
            _p("+4930", 0, 9, 7),
        ),
        (("Berlin", "10###"), ("Hamburg", "20###"), ("München", "80###"), ("Köln", "50###")),
        (
            "Hauptstraße",
            "Schillerstraße",
            "Goethestraße",
            "Bahnhofstraße",
            "Gartenweg",
            "Lindenallee",
            "Friedrichstraße",
            "Bergstraße",
            "Kirchplatz",
            "Am Markt",
        ),
        "{street} {number}",
        ("gmx.de", "web.de", "t-online.de", "gmail.com"),
        ("DHL", "Hermes", "DPD"),
        "+49305550100",
    ),
    Country(
        "FR",
        "fr_FR",
        "EUR",
        0.92,
        0.12,
        "PAR",
        "Paris Rivoli",
        "Europe/Paris",
        (_p("+336", 0, 2, 7), _p("+337", 3, 9, 7), _p("+331", 0, 9, 7)),
        (("Paris", "750##"), ("Lyon", "6900#"), ("Marseille", "130##"), ("Lille", "59000")),
        (
            "rue de la République",
            "avenue Victor Hugo",
            "rue Pasteur",
            "boulevard Voltaire",
            "rue des Lilas",
            "place de la Mairie",
            "rue du Moulin",
            "allée des Tilleuls",
        ),
        "{number} {street}",
        ("orange.fr", "free.fr", "gmail.com", "laposte.net"),
        ("Colissimo", "Chronopost", "DPD"),
        "+33155550100",
    ),
    Country(
        "JP",
        "ja_JP",
        "JPY",
        1.5,
        0.10,
        "TYO",
        "Tokyo Ginza",
        "Asia/Tokyo",
        (_p("+8190", 1, 9, 7), _p("+8180", 0, 9, 7)),
        (
            ("東京都千代田区", "100-####"),
            ("東京都渋谷区", "150-####"),
            ("大阪市北区", "530-####"),
            ("横浜市中区", "231-####"),
        ),
        ("丸の内", "神南", "梅田", "山下町", "銀座", "本町"),
        "{street}{number}",
        ("docomo.ne.jp", "yahoo.co.jp", "gmail.com", "icloud.com"),
        ("Yamato", "Sagawa", "Japan Post"),
        "+81355550100",
    ),
    Country(
        "BR",
        "pt_BR",
        "BRL",
        5.0,
        0.10,
        "SAO",
        "São Paulo Paulista",
        "America/Sao_Paulo",
        (_p("+55119", 0, 9, 7), _p("+55219", 0, 9, 7), _p("+55319", 0, 9, 7)),
        (
            ("São Paulo", "01###-###"),
            ("Rio de Janeiro", "20###-###"),
            ("Belo Horizonte", "30###-###"),
        ),
        (
            "Avenida Paulista",
            "Rua Augusta",
            "Rua das Flores",
            "Avenida Brasil",
            "Rua XV de Novembro",
            "Rua São João",
        ),
        "{street}, {number}",
        ("gmail.com", "uol.com.br", "hotmail.com", "bol.com.br"),
        ("Correios", "Jadlog", "Loggi"),
        "+551155550100",
    ),
)

# (sku, description, USD price in cents)
PRODUCTS: tuple[tuple[str, str, int], ...] = (
    ("RTR-AX3000", "Wi-Fi 6 router AX3000", 12_900),
    ("RTR-MESH3", "Mesh Wi-Fi system, 3 units", 27_900),
    ("MOD-FIBRE", "Fibre modem", 8_900),
    ("PHN-S24-128", "Smartphone S24, 128 GB", 79_900),
    ("PHN-A15-64", "Smartphone A15, 64 GB", 19_900),
    ("TAB-10-64", "Tablet 10 inch, 64 GB", 32_900),
    ("LAP-14-512", "Laptop 14 inch, 512 GB SSD", 109_900),
    ("HDP-NC700", "Noise-cancelling headphones", 24_900),
    ("EAR-BUDS2", "Wireless earbuds", 12_900),
    ("WCH-FIT3", "Fitness watch", 17_900),
    ("CHG-65W", "65 W USB-C charger", 3_900),
    ("CBL-USBC2", "USB-C cable, 2 m", 1_500),
    ("CSE-S24", "Protective case S24", 2_900),
    ("SCR-S24", "Screen protector S24", 1_900),
    ("SPK-MINI", "Portable speaker mini", 5_900),
    ("TV-55-4K", "55 inch 4K television", 59_900),
    ("SBR-300", "Soundbar 300", 29_900),
    ("CAM-DOOR", "Video doorbell", 9_900),
    ("PLG-SMART", "Smart plug, 2-pack", 2_900),
    ("WAR-2Y", "Extended warranty, 2 years", 7_900),
)

# Department-store opening hours at the stores, in local time.
STORE_HOURS = ((9, 0), (17, 30))

LINE2 = {
    "US": ("Apt {n}", "Suite {n}"),
    "GB": ("Flat {n}",),
    "DE": ("Wohnung {n}", "{n}. OG"),
    "FR": ("Bâtiment {n}", "Appartement {n}"),
    "JP": ("{n}号室",),
    "BR": ("Apto {n}", "Bloco {n}"),
}


def _ascii(text: str) -> str:
    """A mail-safe spelling: accents dropped, spaces and apostrophes removed."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


@dataclass(frozen=True)
class NamePool:
    """Parallel lists: display spellings and mail-safe spellings."""

    first: tuple[str, ...]
    first_ascii: tuple[str, ...]
    last: tuple[str, ...]
    last_ascii: tuple[str, ...]
    family_first: bool  # Japanese order: family name, then given name


@cache
def names(locale: str) -> NamePool:
    """Faker's first and last names for ``locale``, as plain tuples."""
    provider = import_module(f"faker.providers.person.{locale}").Provider
    first = tuple(provider.first_names)
    last = tuple(provider.last_names)
    if locale == "ja_JP":
        first_ascii = tuple(_ascii(n) for n in provider.first_romanized_names)
        last_ascii = tuple(_ascii(n) for n in provider.last_romanized_names)
        return NamePool(first, first_ascii, last, last_ascii, family_first=True)
    return NamePool(
        first,
        tuple(_ascii(n) for n in first),
        last,
        tuple(_ascii(n) for n in last),
        family_first=False,
    )
