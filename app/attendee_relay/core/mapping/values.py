"""What a column holds, judged from its first values: e-mails, phones, countries, URLs, dates,
people's names or company names.

Auto-matching uses it when a header says nothing ("Column 2"), to break a tie between columns,
and to check a header's claim: a column headed "Phone" full of e-mail addresses is a question
for the coordinator, not a match.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from attendee_relay.core.mapping.country import to_alpha2

#: Share of a column's non-empty sampled values that must be of one kind to call the column so.
MIN_SHARE = 0.6

#: Fewest non-empty values worth a verdict.
MIN_VALUES = 2


class ValueKind(enum.StrEnum):
    """What a value looks like."""

    EMAIL = "email"
    PHONE = "phone"
    COUNTRY = "country"
    URL = "url"
    DATE = "date"
    PERSON = "person name"
    COMPANY = "company name"


#: The attendee concept (see ``synonyms``) each kind fills; URL and date fill none.
KIND_CONCEPT: dict[ValueKind, str] = {
    ValueKind.EMAIL: "email",
    ValueKind.PHONE: "phone",
    ValueKind.COUNTRY: "country",
    ValueKind.PERSON: "full_name",
    ValueKind.COMPANY: "company",
}

#: Kinds recognised from the shape of the value alone: sure enough to contradict a header.
STRONG_KINDS = frozenset({ValueKind.EMAIL, ValueKind.PHONE, ValueKind.URL, ValueKind.DATE})

_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:.]{2,}$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_DATE = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-().\/]+$")
_PERSON = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:[ '’.\-]+[^\W\d_][^\W\d_'’.\-]*){1,3}\.?$")
# Legal forms and words that mark an organisation, compared on whole lower-case words.
_COMPANY_WORDS = frozenset(
    [
        "ltd",
        "limited",
        "llc",
        "llp",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "gmbh",
        "ag",
        "kg",
        "ug",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "ab",
        "oy",
        "as",
        "asa",
        "aps",
        "pty",
        "kk",
        "tbk",
        "pt",
        "jsc",
        "ojsc",
        "ooo",
        "oao",
        "pao",
        "zao",
        "sro",
        "ao",
        "doo",
        "kft",
        "sp",
        "zoo",
        "group",
        "holding",
        "holdings",
        "bank",
        "university",
        "universität",
        "université",
        "universidad",
        "college",
        "institute",
        "foundation",
        "association",
        "solutions",
        "technologies",
        "technology",
        "consulting",
        "partners",
        "services",
        "systems",
        "labs",
        "international",
        "ministry",
        "agency",
    ]
)
_COMPANY_MARKS = (
    "株式会社",
    "有限会社",
    "有限公司",
    "集团",
    "公司",
    "주식회사",
    "ООО",
    "АО",
    "ТОВ",
)
_WORD = re.compile(r"[^\W_]+")


def value_kind(text: str) -> ValueKind | None:
    """The kind of one value, or None when it looks like none of them."""
    value = text.strip()
    if not value or len(value) > 200:
        return None
    if "@" in value:
        return ValueKind.EMAIL if _EMAIL.match(value) else None
    if _URL.match(value):
        return ValueKind.URL
    if value[0].isdigit() or value[0] in "+(":
        if _DATE.match(value):
            return ValueKind.DATE
        return ValueKind.PHONE if _looks_like_phone(value) else None
    if to_alpha2(value) is not None:
        return ValueKind.COUNTRY
    if _is_company(value):
        return ValueKind.COMPANY
    if _PERSON.match(value) and all(
        word[0].isupper() for word in value.split() if word[0].isalpha()
    ):
        return ValueKind.PERSON
    return None


def _looks_like_phone(value: str) -> bool:
    if not _PHONE_CHARS.match(value):
        return False
    digits = sum(ch.isdigit() for ch in value)
    if not 7 <= digits <= 15:
        return False
    # A bare run of digits is as likely an order number or a barcode, unless written the way
    # people write phone numbers: with +, 00 or a national 0 in front.
    bare = value.isdigit()
    return not bare or value.startswith("0")


def _is_company(value: str) -> bool:
    if any(mark in value for mark in _COMPANY_MARKS):
        return True
    words = _WORD.findall(value.casefold())
    return len(words) >= 2 and any(word in _COMPANY_WORDS for word in words[1:])


@dataclass(frozen=True, slots=True)
class ColumnVerdict:
    """What most sampled values of one column look like.

    Attributes:
        kind: the most common kind among the values.
        share: how many of the non-empty values are of that kind (0-1).
        seen: how many non-empty values were looked at.
    """

    kind: ValueKind
    share: float
    seen: int

    @property
    def confidence(self) -> float:
        """How sure a match on these values alone is (0-1): shape-sure kinds count more."""
        base, spread = (
            (0.45, 0.45)
            if self.kind in STRONG_KINDS or self.kind is ValueKind.COUNTRY
            else (0.3, 0.35)
        )
        few = min(1.0, self.seen / 5)  # two values say less than twenty
        return round((base + spread * self.share) * (0.8 + 0.2 * few), 2)

    def describe(self) -> str:
        """E.g. "9 of 10 values look like e-mail addresses"."""
        hits = round(self.share * self.seen)
        return f"{hits} of {self.seen} values look like {_PLURAL[self.kind]}"


_PLURAL = {
    ValueKind.EMAIL: "e-mail addresses",
    ValueKind.PHONE: "phone numbers",
    ValueKind.COUNTRY: "countries",
    ValueKind.URL: "web addresses",
    ValueKind.DATE: "dates",
    ValueKind.PERSON: "people's names",
    ValueKind.COMPANY: "company names",
}


def column_verdict(values: Iterable[str]) -> ColumnVerdict | None:
    """The kind most of ``values`` are, if at least ``MIN_SHARE`` of the non-empty ones are."""
    counts: dict[ValueKind, int] = {}
    seen = 0
    for value in values:
        if not value or value.isspace():
            continue
        seen += 1
        kind = value_kind(value)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    if seen < MIN_VALUES or not counts:
        return None
    kind, hits = max(counts.items(), key=lambda item: item[1])
    share = hits / seen
    return ColumnVerdict(kind, share, seen) if share >= MIN_SHARE else None
