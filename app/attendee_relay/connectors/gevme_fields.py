"""GEVME attendee records onto the canonical attendee columns a CSV export would have.

GEVME's field names are not published: common spellings are accepted (``email``, ``firstName``,
``first_name``, ``fname`` ...), nested objects are flattened (``customFields.dietary``), and every
field not recognised is kept as a column of its own, never dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

#: The columns every pulled attendee has, in CSV order; auto-mapping knows these spellings.
CANONICAL_COLUMNS = (
    "Email",
    "First Name",
    "Last Name",
    "Company",
    "Job Title",
    "Phone",
    "Country",
    "City",
    "Attendee ID",
    "Registration Type",
    "Status",
    "Registered At",
    "Modified At",
)

_SPELLINGS = {
    "Email": ("email", "emailaddress", "mail", "emailid"),
    "First Name": ("firstname", "fname", "givenname", "first", "forename"),
    "Last Name": ("lastname", "lname", "surname", "familyname", "last"),
    "Company": ("company", "companyname", "organisation", "organization", "org", "organisationname"),
    "Job Title": ("jobtitle", "designation", "title", "position", "jobposition", "role"),
    "Phone": ("phone", "mobile", "mobileno", "mobilenumber", "phonenumber", "contactnumber", "tel"),
    "Country": ("country", "countrycode", "countryname"),
    "City": ("city", "town"),
    "Attendee ID": ("id", "attendeeid", "registrationid", "registrantid"),
    "Registration Type": ("registrationtype", "attendeetype", "tickettype", "type", "category"),
    "Status": ("status", "registrationstatus", "attendeestatus"),
    "Registered At": ("createdat", "registeredat", "registrationdate", "created", "datecreated"),
    "Modified At": ("modifiedat", "updatedat", "modified", "updated", "lastmodified"),
}  # fmt: skip
_COLUMN_OF = {spelling: column for column, words in _SPELLINGS.items() for spelling in words}
#: Objects whose fields are the attendee's own ("" = top level).
_WRAPPERS = frozenset({"", "profile", "attendee", "contact", "user", "person", "registrant"})
_NOT_WORD = re.compile(r"[^a-z0-9]")


def _key(name: str) -> str:
    return _NOT_WORD.sub("", name.lower())


def cell_text(value: object) -> str:
    """A JSON value as one cell: "" for null, ``true``/``false``, numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(not isinstance(v, Mapping | list) for v in value):
        return "; ".join(cell_text(v) for v in value if v is not None)
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def flatten(record: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    """Nested objects become dotted keys (``customFields.dietary``); values become text."""
    flat: dict[str, str] = {}
    for name, value in record.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping) and value:
            flat.update(flatten(value, f"{key}."))
        else:
            flat[key] = cell_text(value)
    return flat


def attendee_row(record: Mapping[str, object]) -> dict[str, str]:
    """One GEVME attendee as canonical columns first, then its other fields by their own names.

    Top-level fields, and fields of a wrapper object such as ``profile``, fill the canonical
    columns (the first non-empty spelling wins); everything else, including a second spelling of
    a filled column, is kept as an extra column under its own (dotted) name.
    """
    row = dict.fromkeys(CANONICAL_COLUMNS, "")
    flat = flatten(record)
    extras: dict[str, str] = {}
    for key, value in sorted(flat.items(), key=lambda item: item[0].count(".")):
        parent, _, leaf = key.rpartition(".")
        column = _COLUMN_OF.get(_key(leaf)) if _key(parent) in _WRAPPERS else None
        if column is not None and not row[column] and value.strip():
            row[column] = value.strip()
        elif column is None or value.strip():
            extras[key] = value
    row.update((key, extras[key]) for key in flat if key in extras)  # the record's own order
    return row
