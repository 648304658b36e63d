"""Country names in the 20 languages of the header synonyms (and codes) to ISO 3166 alpha-2.

The lookup table is built once from pycountry and its translations, plus the everyday names
people type that no standard lists ("UK", "USA", "Holland", ...).
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

from attendee_relay.core.mapping.headers import normalise

# pycountry's translations of the languages whose headers ``synonyms`` knows.
_LANGUAGES = (
    "de", "fr", "es", "it", "pt", "pt_BR", "nl", "pl", "ru", "uk", "tr", "ar", "ja", "zh_CN",
    "zh_TW", "ko", "id", "sv", "cs", "vi",
)  # fmt: skip

# Everyday names and abbreviations, keyed by their normalised form (see ``_key``).
_ALIASES: dict[str, str] = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "grossbritannien": "GB",
    "england uk": "GB",
    "grande bretagne": "GB",
    "angleterre": "GB",
    "gran bretana": "GB",
    "inglaterra": "GB",
    "usa": "US",
    "u s a": "US",
    "us": "US",
    "u s": "US",
    "america": "US",
    "united states of america": "US",
    "the united states": "US",
    "vereinigte staaten von amerika": "US",
    "etats unis d amerique": "US",
    "estados unidos de america": "US",
    "eeuu": "US",
    "ee uu": "US",
    "uae": "AE",
    "emirates": "AE",
    "holland": "NL",
    "the netherlands": "NL",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "russland": "RU",
    "russie": "RU",
    "rusia": "RU",
    "vietnam": "VN",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "taiwan": "TW",
    "czech republic": "CZ",
    "tschechien": "CZ",
    "turkey": "TR",
    "turkei": "TR",
    "ivory coast": "CI",
    "hong kong sar": "HK",
    "macau": "MO",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "osterreich": "AT",
    # Everyday names in the other languages, where pycountry has only the official one.
    "россия": "RU",
    "российская федерация": "RU",
    "росія": "RU",
    "turkiye": "TR",
    "cesko": "CZ",
    "ceska republika": "CZ",
    "viet nam": "VN",
    "việt nam": "VN",
    "中国": "CN",
    "中国大陆": "CN",
    "台灣": "TW",
    "台湾": "TW",
    "香港": "HK",
    "한국": "KR",
    "대한민국": "KR",
    "韓国": "KR",
    "韩国": "KR",
    "السعودية": "SA",
    "الامارات": "AE",
    "الإمارات": "AE",
    "مصر": "EG",
}


def _key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: "Großbritannien" -> "grossbritannien",
    "Россия" -> "россия" (compared as headers are: see ``headers.normalise``)."""
    # Uncached: the table's thousands of names would only push headers out of that cache.
    return normalise.__wrapped__(text)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in _LANGUAGES
    ]
    for country in pycountry.countries:
        code = country.alpha_2
        names = [country.name, country.alpha_3, code]
        names += [getattr(country, attr, "") for attr in ("official_name", "common_name")]
        english = [n for n in names[:1] + names[3:] if n]  # translated: names, not codes
        for translation in translations:
            names += [translation.gettext(n) for n in english]
        for name in dict.fromkeys(names):  # most translations repeat another language's
            if name:
                table.setdefault(_key(name), code)
                # "Korea, Republic of" is also written "Republic of Korea".
                head, sep, tail = name.partition(", ")
                if sep:
                    table.setdefault(_key(f"{tail} {head}"), code)
    for alias, code in _ALIASES.items():
        table[_key(alias)] = code
    return table


@lru_cache(maxsize=4096)
def to_alpha2(text: str) -> str | None:
    """ISO 3166 alpha-2 code for a country name or code in en/de/fr/es, or None if unknown."""
    return _table().get(_key(text))


@lru_cache(maxsize=1)
def alpha2_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_alpha2(code: str) -> bool:
    """Whether ``code`` is a real ISO 3166-1 alpha-2 code (upper case)."""
    return code in alpha2_codes()
