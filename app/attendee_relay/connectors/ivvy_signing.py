"""iVvy request signing (developer.ivvy.com, "Signing the request"): the signed headers of one call.

A signature covers the ``IVVY-Date`` header, so a request must be signed right before it is sent;
iVvy refuses one older than five minutes as stale (specificCode 23005).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

API_VERSION = "1.0"
CONTENT_TYPE = "application/json"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def content_md5(body: bytes) -> str:
    """Lower-case hex md5 of the exact body bytes (also for an empty body)."""
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def ivvy_date(moment: datetime | None = None) -> str:
    """``yyyy-mm-dd HH:MM:SS`` in UTC, the format of the ``IVVY-Date`` header."""
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(DATE_FORMAT)


def request_uri(url: str) -> str:
    """Path and query of ``url`` (``/api/1.0/test?action=ping``), as iVvy signs it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def string_to_sign(
    method: str, md5: str, content_type: str, date: str, uri: str, *, ivvy_headers: str
) -> str:
    """The documented concatenation, lower-cased: method, Content-MD5, Content-Type, date (empty
    when ``IVVY-Date`` is used), request URI, API version and the IVVY-* headers."""
    return f"{method}{md5}{content_type}{date}{uri}{API_VERSION}{ivvy_headers}".lower()


def signature(secret: str, text: str) -> str:
    """Hex HMAC-SHA1 of ``text`` with the API secret."""
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).hexdigest()


@dataclass(frozen=True, slots=True)
class SignedHeaders:
    """The headers of one signed call, plus the string that was signed (for tests and logs)."""

    headers: dict[str, str]
    signed_text: str


def sign_request(
    method: str,
    url: str,
    body: bytes,
    *,
    api_key: str,
    api_secret: str,
    now: datetime | None = None,
) -> SignedHeaders:
    """Every header iVvy wants on a call to ``url`` carrying ``body``, signed at ``now``.

    Args:
        method: the HTTP method (iVvy uses POST for every call).
        url: the full URL; only its path and query are signed.
        body: the exact bytes that will be sent.
        api_key: the account's API key (sent in the clear in ``X-Api-Authorization``).
        api_secret: the API secret (never sent; it keys the HMAC).
        now: the signing moment (defaults to the current UTC time).
    """
    md5 = content_md5(body)
    date = ivvy_date(now)
    # Only one IVVY-* header is sent, so the alphabetical "name=value&..." list is just this one.
    ivvy_headers = f"ivvydate={date}"
    text = string_to_sign(
        method, md5, CONTENT_TYPE, "", request_uri(url), ivvy_headers=ivvy_headers
    )
    headers = {
        "Content-Type": CONTENT_TYPE,
        "Content-MD5": md5,
        "IVVY-Date": date,
        "X-Api-Version": API_VERSION,
        "X-Api-Authorization": f"IWS {api_key}:{signature(api_secret, text)}",
        "Accept": "application/json",
    }
    return SignedHeaders(headers, text)
