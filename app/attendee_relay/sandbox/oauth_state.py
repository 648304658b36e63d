"""The authorization server's memory: pending consents, codes and tokens. Thread-safe.

Written independently of ``core.oauth`` (the sandbox imports nothing of the app): PKCE is checked
here from RFC 7636 itself, so a misreading in one is caught by the other.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

CODE_TTL_S = 60.0


@dataclass(frozen=True)
class AuthRequest:
    """What the authorize endpoint was asked, kept until a code is redeemed."""

    client_id: str
    redirect_uri: str
    scope: str
    state: str
    code_challenge: str
    code_challenge_method: str


@dataclass
class _Code:
    request: AuthRequest
    expires: float
    used: bool = False
    tokens: list[str] = field(default_factory=list)  # issued from it: revoked if it is replayed


def s256(verifier: str) -> str:
    """RFC 7636 section 4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))."""
    digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _token(prefix: str, length: int) -> str:
    """A random token, ``length`` characters long when that is more than the usual ~39."""
    token = prefix + secrets.token_urlsafe(24)
    while len(token) < length:
        token += secrets.token_urlsafe(48)
    return token[: max(length, len(prefix) + 32)]


class OAuthServerState:
    """Consents waiting for Allow/Deny, authorization codes, access and refresh tokens."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, AuthRequest] = {}
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, float] = {}  # token -> expiry (time.time)
        self._refresh: dict[str, str] = {}  # refresh token -> client id
        self.token_requests: list[dict[str, str]] = []  # grant types and field names, no values

    # consent -----------------------------------------------------------------------------------

    def hold(self, request: AuthRequest) -> str:
        """Keep a request until the user allows or denies it; returns its id."""
        ticket = secrets.token_urlsafe(16)
        with self._lock:
            self._pending[ticket] = request
        return ticket

    def take(self, ticket: str) -> AuthRequest | None:
        """The request held under ``ticket`` (once)."""
        with self._lock:
            return self._pending.pop(ticket, None)

    # codes -------------------------------------------------------------------------------------

    def issue_code(self, request: AuthRequest) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Code(request, time.time() + CODE_TTL_S)
        return code

    def redeem(
        self, code: str, client_id: str, redirect_uri: str, verifier: str, require_pkce: bool
    ) -> str | None:
        """Check a code's redemption; returns None if fine, else the reason (RFC 6749 5.2).

        A replayed code is refused and every token issued from it revoked (RFC 6749 4.1.2).
        """
        with self._lock:
            entry = self._codes.get(code)
            if entry is None:
                return "unknown code"
            if entry.used:
                for token in entry.tokens:
                    self._access.pop(token, None)
                    self._refresh.pop(token, None)
                return "code already used"
            entry.used = True
            request = entry.request
            if time.time() > entry.expires:
                return "code expired"
            if client_id != request.client_id:
                return "code was issued to another client"
            if redirect_uri != request.redirect_uri:
                return "redirect_uri does not match the authorization request"
            if request.code_challenge or require_pkce:
                if not verifier:
                    return "code_verifier missing"
                if request.code_challenge_method != "S256":
                    return "only S256 is accepted"
                if not hmac.compare_digest(s256(verifier), request.code_challenge):
                    return "code_verifier does not match code_challenge"
            return None

    def link(self, code: str, tokens: list[str]) -> None:
        """Remember the tokens a code produced, to revoke them if the code is replayed."""
        with self._lock:
            if code in self._codes:
                self._codes[code].tokens.extend(tokens)

    # tokens ------------------------------------------------------------------------------------

    def issue_tokens(
        self, client_id: str, ttl_s: int, with_refresh: bool, length: int = 0
    ) -> dict[str, object]:
        access = _token("sbx-at-", length)
        answer: dict[str, object] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": ttl_s,
        }
        with self._lock:
            self._access[access] = time.time() + ttl_s
            if with_refresh:
                refresh = _token("sbx-rt-", length)
                self._refresh[refresh] = client_id
                answer["refresh_token"] = refresh
        return answer

    def use_refresh(self, refresh: str, client_id: str) -> bool:
        """Spend a refresh token (they rotate: each works once)."""
        with self._lock:
            owner = self._refresh.pop(refresh, None)
            return owner is not None and owner == client_id

    def access_ok(self, token: str) -> bool:
        with self._lock:
            expiry = self._access.get(token)
            return expiry is not None and time.time() < expiry

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expire now (refresh tokens stay valid)."""
        with self._lock:
            for token in self._access:
                self._access[token] = 0.0

    def revoke_refresh_tokens(self) -> None:
        with self._lock:
            self._refresh.clear()

    def record(self, grant_type: str, field_names: list[str]) -> None:
        with self._lock:
            self.token_requests.append({"grant_type": grant_type, "fields": ",".join(field_names)})

    def snapshot(self) -> dict[str, object]:
        with self._lock:
            return {
                "codes_issued": len(self._codes),
                "live_access_tokens": sum(1 for e in self._access.values() if e > time.time()),
                "refresh_tokens": len(self._refresh),
                "token_requests": list(self.token_requests),
            }
