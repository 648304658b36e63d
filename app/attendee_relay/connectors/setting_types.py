"""Reusable setting types: values typed on a command line (``--set lists=a,b``) or in a wizard
are accepted as text and normalised, so saved profiles and CLI input go through one validator."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_DIGITS = re.compile(r"^\d+$")


def _split_commas(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(part).strip() for part in value if str(part).strip()]
    return value


def event_id(value: object, platform_title: str) -> object:
    """Normalise an event id setting for a ``field_validator(mode="before")``.

    A saved profile may hold the id as a JSON number and a CLI gives text: both become text of
    digits (kept as text so leading zeros and big numbers survive).

    Raises:
        ValueError: the value is text but not a whole number.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        if not _DIGITS.match(value):
            raise ValueError(f"must be a whole number (the event id from {platform_title})")
    return value


def _strip_trailing_slash(value: str) -> str:
    value = value.strip()
    if value and not re.match(r"^https?://[^/\s]+", value, re.IGNORECASE):
        raise ValueError("must start with http:// or https:// followed by a host name")
    return value.rstrip("/")


#: A list of texts that also accepts comma-separated text ("a, b,c" -> ["a", "b", "c"]).
CommaList = Annotated[list[str], BeforeValidator(_split_commas)]

#: A base URL: http(s) scheme and host, plus any path prefix, without a trailing slash.
BaseUrl = Annotated[str, AfterValidator(_strip_trailing_slash)]
