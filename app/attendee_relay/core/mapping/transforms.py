"""The text transforms of a mapping entry, as plain str -> str functions (no per-call set-up)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from attendee_relay.core.mapping.country import to_alpha2
from attendee_relay.core.mapping.phone import to_e164

# Lower-case name particles that belong to the last name: "Ludwig van Beethoven" -> "van Beethoven".
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "zu",
    }
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def collapse(text: str) -> str:
    """Strip and collapse inner runs of whitespace to one space."""
    return " ".join(text.split())


def split_full_name(full: str) -> tuple[str, str]:
    """A full name as (first, last).

    "Mary Ann Smith" -> ("Mary Ann", "Smith"); "Smith, John" -> ("John", "Smith");
    "Ludwig van Beethoven" -> ("Ludwig", "van Beethoven"); "Cher" -> ("Cher", "").
    """
    full = collapse(full)
    if "," in full:
        last, _, first = full.partition(",")
        first, last = first.strip(), last.strip()
        if first and last and first.casefold() not in _SUFFIXES:
            return first, last
        full = collapse(full.replace(",", " "))
    words = full.split(" ")
    if len(words) < 2:
        return full, ""
    cut = len(words) - 1
    if words[cut].casefold() in _SUFFIXES and cut > 1:
        cut -= 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def first_name(full: str) -> str:
    """The first-name part of a full name (see ``split_full_name``)."""
    return split_full_name(full)[0]


def last_name(full: str) -> str:
    """The last-name part of a full name (see ``split_full_name``)."""
    return split_full_name(full)[1]


@lru_cache(maxsize=4096)  # a file has few distinct countries: a cache hit is ~0.1 µs
def country_alpha2(text: str) -> str:
    """ISO alpha-2 for a country name or code; unknown text is kept for the validator to report."""
    return to_alpha2(text) or text


class PhoneE164:
    """The phone_e164 transform for one default country (a class so compiled code can see it).

    Args:
        default_region: ISO alpha-2 region for numbers written without a country code.
    """

    __slots__ = ("default_region",)

    def __init__(self, default_region: str | None) -> None:
        self.default_region = default_region

    def __call__(self, text: str) -> str:
        """The number in E.164 form, or the text as it was if it is not a valid number.

        A leading apostrophe before ``+`` is dropped first: that is how our own error reports
        and pulled CSVs neutralise a cell a spreadsheet would read as a formula, so a fixed
        report imports again with its phone numbers intact.
        """
        if text[:2] == "'+":
            text = text[1:]
        return to_e164(text, self.default_region) or text


def phone_e164(default_region: str | None) -> Callable[[str], str]:
    """A transform to E.164 with this default country; unparseable text is kept as it was."""
    return PhoneE164(default_region)
