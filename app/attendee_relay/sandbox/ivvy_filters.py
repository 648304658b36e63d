"""iVvy's list filters as its docs describe them (``getting-started/interpreting-the-response/
filtering.md``): ``{"filter": {key: value}}``, a bare key means *equals*, and a modifier appended to
the key changes the test (``__GREATERTHAN`` is "greater than or equal", ``__LESSTHAN`` "less than or
equal", ...). ``__ISNULL__`` (or ``ISNULL``) as a value looks for an empty value.

Each list documents which keys it filters on: its returned properties plus "Additional Filter
Properties" (``fromModifiedDate`` on the contact list...). The attendee list documents "No filters
available". A key a list does not know is refused with 23016, so a client relying on an
undocumented filter finds out here rather than from a silently unfiltered list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

MODIFIERS = (
    "NOTCONTAINS",
    "CONTAINS",
    "BEGINS",
    "ENDS",
    "LESSTHAN",
    "GREATERTHAN",
    "NOT",
    "EMPTY",
)
NULL_VALUES = ("__ISNULL__", "ISNULL")

#: A documented "additional filter property": item -> the value it compares, and the test.
Extra = tuple[str, str]


class FilterRefused(ValueError):
    """A filter the list does not take (an unknown key, a modifier iVvy does not have)."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


def _timestamp(value: str) -> str:
    """iVvy timestamps may end in `` UTC`` (development-reference/timestamp-format.md)."""
    return value[:-4].strip() if value.upper().endswith(" UTC") else value


def _order(left: str, right: str) -> int:
    """-1, 0 or 1: numbers compare as numbers, anything else (timestamps) as text."""
    try:
        a, b = float(left), float(right)
    except ValueError:
        a_text, b_text = _timestamp(left).lower(), _timestamp(right).lower()
        return (a_text > b_text) - (a_text < b_text)
    return (a > b) - (a < b)


def _test(modifier: str, have: str, want: str) -> bool:
    h, w = have.lower(), want.lower()
    if want in NULL_VALUES:
        empty = have == ""
        return not empty if modifier == "NOT" else empty
    tests: dict[str, Callable[[], bool]] = {
        "": lambda: _order(have, want) == 0,
        "NOT": lambda: _order(have, want) != 0,
        "CONTAINS": lambda: w in h,
        "NOTCONTAINS": lambda: w not in h,
        "BEGINS": lambda: h.startswith(w),
        "ENDS": lambda: h.endswith(w),
        "GREATERTHAN": lambda: have != "" and _order(have, want) >= 0,
        "LESSTHAN": lambda: have != "" and _order(have, want) <= 0,
        "EMPTY": lambda: (have == "") == (w not in ("0", "false", "no")),
    }
    return tests[modifier]()


def split_key(key: str) -> tuple[str, str]:
    """``modifiedDate__GREATERTHAN`` -> (``modifiedDate``, ``GREATERTHAN``)."""
    name, sep, modifier = key.rpartition("__")
    if sep and modifier.upper() in MODIFIERS and name:
        return name, modifier.upper()
    return key, ""


def apply_filter(
    items: Iterable[Mapping[str, Any]],
    wanted: object,
    properties: Iterable[str],
    extras: Mapping[str, Extra] | None = None,
) -> list[Mapping[str, Any]]:
    """The items that pass every key of ``wanted``.

    Args:
        items: the list's records as returned.
        wanted: the request's ``filter`` (None or an object).
        properties: the list's returned properties (each may be filtered on, with modifiers).
        extras: the list's documented additional filter keys -> (property, modifier), e.g.
            ``fromModifiedDate`` -> (``modifiedDate``, ``GREATERTHAN``).

    Raises:
        FilterRefused: ``wanted`` is not an object, or names a key the list does not take.
    """
    if wanted in (None, "", [], {}):
        return list(items)
    if not isinstance(wanted, Mapping):
        raise FilterRefused("'filter' does not validate: it must be an object")
    known = set(properties)
    tests: list[tuple[str, str, str]] = []
    for key, value in wanted.items():
        if extras and key in extras:
            name, modifier = extras[key]
        else:
            name, modifier = split_key(str(key))
            if name not in known:
                raise FilterRefused(f"'{key}' is not a filter this list takes")
        tests.append((name, modifier, _text(value)))
    return [
        item
        for item in items
        if all(_test(modifier, _text(item.get(name)), want) for name, modifier, want in tests)
    ]
