"""PKCE (RFC 7636, S256 only) and the single-use ``state``: high-entropy values from ``secrets``."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

#: RFC 7636 section 4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


def new_code_verifier() -> str:
    """A fresh code verifier: 64 random bytes, base64url without padding (86 characters)."""
    return secrets.token_urlsafe(64)


def s256_challenge(verifier: str) -> str:
    """``BASE64URL(SHA256(ASCII(verifier)))`` without padding, as ``code_challenge_method=S256``.

    Raises:
        ValueError: ``verifier`` is not 43-128 unreserved characters.
    """
    if not _VERIFIER.match(verifier):
        raise ValueError("A PKCE code verifier must be 43 to 128 unreserved characters.")
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_state() -> str:
    """A fresh ``state``: 32 random bytes (256 bits), base64url; used for one sign-in only."""
    return secrets.token_urlsafe(32)
