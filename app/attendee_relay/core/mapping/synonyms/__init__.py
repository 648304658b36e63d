"""Header spellings of ticketing, CRM and spreadsheet exports, one TOML file per language.

Each file (``<language code>.toml``) maps concepts (``first_name``, ``email``, ...) to the
spellings people and exporting software use for them; adding a language is adding a file. Where
the spellings come from is noted at the top of each file. Connectors build their
``TargetField.synonyms`` from these concepts, so every platform recognises the same headers;
``automatch`` compares them in the form of ``headers.normalise``.

Two concepts only sharpen another one: ``mobile`` spellings also count as ``phone``, and
``full_name_family_first`` (e.g. "ФИО", "氏名", "Họ và tên": family name first) as ``full_name``
— such a column is never split into first and last name, which would swap them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from attendee_relay.core.mapping.headers import header_key

#: Every concept a language file may list.
CONCEPTS = (
    "email",
    "first_name",
    "last_name",
    "middle_name",
    "full_name",
    "full_name_family_first",
    "company",
    "job_title",
    "phone",
    "mobile",
    "city",
    "state",
    "zip",
    "country",
    "address_1",
    "address_2",
    "order_no",
    "ticket_type_id",
    "ticket_name",
    "ticket_price",
    "purchase_date",
    "quantity",
    "order_total",
    "currency",
    "buyer_name",
    "buyer_email",
    "buyer_phone",
    "external_id",
    "timezone",
    "description",
    "salutation",
    "lead_type",
)

#: Concepts whose spellings also count for a broader one.
_ALSO_COUNTS_AS = {"mobile": "phone", "full_name_family_first": "full_name"}

#: English first (its spellings rank as the most specific); the others in file-name order.
_FIRST_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Language:
    """One language file: its code (the file name), its name, and its spellings per concept."""

    code: str
    name: str
    spellings: dict[str, tuple[str, ...]]


class SynonymFileError(ValueError):
    """A language file is not of the expected shape (a packaging or editing mistake)."""


def _parse(code: str, text: str) -> Language:
    data = tomllib.loads(text)
    name = data.get("language")
    concepts = data.get("concepts")
    if not isinstance(name, str) or not isinstance(concepts, dict):
        raise SynonymFileError(f"{code}.toml needs language = '...' and a [concepts] table")
    spellings: dict[str, tuple[str, ...]] = {}
    for concept, words in concepts.items():
        if concept not in CONCEPTS:
            raise SynonymFileError(f"{code}.toml: unknown concept {concept!r}")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise SynonymFileError(f"{code}.toml: {concept} must be a list of non-empty texts")
        spellings[concept] = tuple(words)
    return Language(code, name, spellings)


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """Every language file shipped with the app, English first."""
    folder = resources.files(__package__)
    found = [
        _parse(entry.name.removesuffix(".toml"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    return tuple(sorted(found, key=lambda lang: (lang.code != _FIRST_LANGUAGE, lang.code)))


def _merged() -> dict[str, tuple[str, ...]]:
    merged: dict[str, dict[str, None]] = {concept: {} for concept in CONCEPTS}
    for language in languages():
        for concept in CONCEPTS:
            for word in language.spellings.get(concept, ()):
                merged[concept].setdefault(word, None)
                broader = _ALSO_COUNTS_AS.get(concept)
                if broader is not None:
                    merged[broader].setdefault(word, None)
    return {concept: tuple(words) for concept, words in merged.items()}


#: Concept -> every spelling in every language (English first, then by language file).
SYNONYMS: dict[str, tuple[str, ...]] = _merged()

#: Compact header keys of full names written family name first: never split into first/last.
FAMILY_FIRST: frozenset[str] = frozenset(
    header_key(word) for word in SYNONYMS["full_name_family_first"]
)


def synonyms(concept: str) -> tuple[str, ...]:
    """Header spellings for a concept of ``SYNONYMS``; raises KeyError for an unknown concept."""
    return SYNONYMS[concept]
