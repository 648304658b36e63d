"""Target fields a connector declares: what a mapping can fill and how each value is checked."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FieldType(enum.StrEnum):
    """How a target field's value is checked before sending."""

    TEXT = "text"
    EMAIL = "email"  # syntax-checked; lower-cased by the default mapping
    PHONE = "phone"  # checked with phonenumbers when the field is ``strict``
    COUNTRY = "country"  # free text; ``country_alpha2`` transform makes ISO 3166 alpha-2
    COUNTRY_CODE = "country_code"  # must be ISO 3166 alpha-2 when filled
    INTEGER = "integer"  # digits only (leading zeros kept as text)
    FLAG = "flag"  # "1"/"0"; yes/no/true/false accepted and normalised by validation
    LIST = "list"  # several values (comma-separated ids, tags)
    NUMBER = "number"  # a price or amount: digits with an optional decimal point


@dataclass(frozen=True, slots=True)
class TargetField:
    """A field of the platform that a mapping entry can fill.

    Attributes:
        name: the key used in mappings and in ``MappedRecord.fields`` (stable, ASCII).
        label: what a coordinator sees.
        required: a row without it is refused before anything is sent.
        type: how the value is checked.
        help: one or two sentences from the platform's docs (tooltips, ``map`` output).
        synonyms: source header spellings that auto-match this field (any language, any case).
        strict: refuse a row whose value does not pass the type check (otherwise a warning).
        group: a label for grouping in the UI ("Attendee", "Ticket", "Billing", "Address", ...).
        concept: the canonical concept of ``mapping.synonyms.SYNONYMS`` this field stands for
            ("email", "full_name", "first_name", ...), or "" if none. Auto-match uses it to join
            first + last name into a full name, split a full name, and pick default transforms.
    """

    name: str
    label: str
    required: bool = False
    type: FieldType = FieldType.TEXT
    help: str = ""
    synonyms: tuple[str, ...] = ()
    strict: bool = False
    group: str = "Attendee"
    concept: str = ""
