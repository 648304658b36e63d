"""Small wire helpers the connectors share: PHP-style form encoding, URL joining, JSON reading and
turning mapped values into the text a platform expects."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.errors import InputError, TransientError
from attendee_relay.core.records import FieldValue

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"


#: What PHP's ``urlencode`` writes for each byte: letters, digits and ``-_.`` as they are, a space
#: as ``+``, everything else (``~`` too, unlike Python's quoting) as ``%XX``.
_PHP_BYTE = tuple(
    "+"
    if b == 0x20
    else chr(b)
    if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-_.")
    else f"%{b:02X}"
    for b in range(256)
)
_PHP_PLAIN = re.compile(r"[A-Za-z0-9_.\-]*").fullmatch


def php_quote(text: str) -> str:
    """Percent-encode ``text`` the way PHP's ``urlencode`` does (RFC 1738, space as ``+``).

    A table look-up per UTF-8 byte: a form carries ~20 values and is built for every request,
    and ``urllib.parse.quote_plus`` cost a quarter of a request's CPU (the tests compare both).
    """
    if _PHP_PLAIN(text):
        return text
    return "".join([_PHP_BYTE[b] for b in text.encode("utf-8")])


def form_encode(pairs: Iterable[tuple[str, str]]) -> bytes:
    """The body PHP's ``http_build_query`` produces for these key/value pairs, in order.

    Keys keep their brackets as ``%5B``/``%5D`` like PHP; repeated keys (``a[]``) are kept.
    """
    quote_key = _php_quote_key
    return "&".join([f"{quote_key(key)}={php_quote(value)}" for key, value in pairs]).encode(
        "ascii"
    )


#: Form keys repeat from request to request (``attendee[0][email]``, ...): quote each once.
_php_quote_key = functools.lru_cache(maxsize=4096)(php_quote)


def join_url(base_url: str, path: str) -> str:
    """``base_url`` without its trailing slash, followed by ``path`` (which starts with ``/``)."""
    return base_url.rstrip("/") + path


def as_text(value: FieldValue | None) -> str:
    """One text for a mapped value: a list is joined with ``", "``; None becomes ``""``."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(part.strip() for part in value if part.strip())
    return value.strip()


def as_list(value: FieldValue | None) -> list[str]:
    """Several texts for a mapped value: a text is split on commas; blanks are dropped."""
    if value is None:
        return []
    parts = value if isinstance(value, list) else value.split(",")
    return [part.strip() for part in parts if part.strip()]


def merge_unique(*groups: Iterable[str]) -> list[str]:
    """The values of all groups in order, each once (first occurrence wins)."""
    seen: dict[str, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return list(seen)


def excerpt(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut to ``limit`` characters, for reasons and answers."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from a ``Retry-After`` header given in seconds, else None."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value.strip()))
            except ValueError:
                return None  # an HTTP date: the engine's own backoff applies
    return None


def read_json(response: HttpResponse, platform_title: str) -> object:
    """The JSON of ``response``, or a TransientError for anything else (an HTML error page).

    Raises:
        TransientError: the body is empty or not JSON; a proxy or the platform is having trouble.
    """
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TransientError(
            f"{platform_title} answered HTTP {response.status_code} with "
            f"{body_description(response.text)} instead of data.",
            retry_after=retry_after(response.headers),
        ) from None


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def body_description(text: str) -> str:
    """What came back instead of data, in words: a web page (by its title, never its markup),
    nothing, or the first words of whatever it was."""
    if not text.strip():
        return "an empty answer"
    head = text[:2000].lower()
    if "<html" in head or "<!doctype" in head or "<body" in head:
        title = _TITLE.search(text[:4000])
        name = excerpt(html.unescape(title.group(1)), 60) if title else ""
        return f"a web page ('{name}')" if name else "a web page"
    return f"something that is not JSON ('{excerpt(text, 60)}')"


def message_text(value: object) -> str:
    """A platform's ``message`` as one text, whatever its shape (text, list, object, number)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        return "; ".join(message_text(item) for item in value.values() if message_text(item))
    if isinstance(value, list):
        return "; ".join(message_text(item) for item in value if message_text(item))
    return str(value)


def option_moment(text: str, option: str) -> datetime:
    """A date a user gave as a pull option (``YYYY-MM-DD[ HH:MM:SS]`` or ISO 8601), in UTC
    (a date without a zone is taken as UTC, as pull options are written).

    Raises:
        InputError: it is not a date.
    """
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{option}={text!r} is not a date: write it like 2024-03-01 09:30:00 (UTC)."
        ) from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
