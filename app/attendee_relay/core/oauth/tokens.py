"""OAuth tokens: what a token endpoint hands back, and keeping them in the OS keychain only.

Tokens never go to a file of ours, a log, the history or output: ``TokenStore`` writes them
through ``SecretStore`` (which also registers them for redaction) under the connector's name.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from attendee_relay.core.errors import TokenExpired
from attendee_relay.core.redaction import register_secret
from attendee_relay.core.secrets import SecretDamaged, SecretStore

# Keychain entry names, not secrets themselves.
ACCESS_TOKEN = "access_token"  # noqa: S105
REFRESH_TOKEN = "refresh_token"  # noqa: S105
EXPIRES_AT = "token_expires_at"

#: The keychain entries a signed-in connector has (all optional; none before the first login).
TOKEN_SECRET_NAMES = (ACCESS_TOKEN, REFRESH_TOKEN, EXPIRES_AT)


@dataclass(frozen=True, slots=True)
class TokenSet:
    """Tokens of one sign-in.

    Attributes:
        access_token: sent as ``Authorization: Bearer ...``.
        refresh_token: trades for a new access token without the browser; "" if none was given.
        expires_at: Unix time the access token stops working; None if the server did not say.
    """

    access_token: str
    refresh_token: str = ""
    expires_at: float | None = None

    def __repr__(self) -> str:  # never print a token by accident
        return f"TokenSet(expires_at={self.expires_at!r}, refresh={'yes' if self.refresh_token else 'no'})"

    def expired(self, now: float | None = None, skew_s: float = 60.0) -> bool:
        """Whether the access token has expired, or will within ``skew_s`` seconds."""
        if self.expires_at is None:
            return False
        return (time.time() if now is None else now) >= self.expires_at - skew_s

    @classmethod
    def from_response(
        cls, data: Mapping[str, object], *, now: float, previous_refresh: str = ""
    ) -> TokenSet:
        """Read a token endpoint's answer (RFC 6749 section 5.1).

        A refresh answer without a new ``refresh_token`` keeps ``previous_refresh``.

        Raises:
            ValueError: there is no ``access_token``.
        """
        access = data.get("access_token")
        if not isinstance(access, str) or not access:
            raise ValueError("the answer has no access_token")
        refresh = data.get("refresh_token")
        refresh_text = refresh if isinstance(refresh, str) and refresh else previous_refresh
        expires_at: float | None = None
        expires_in = data.get("expires_in")
        try:
            if expires_in is not None and not isinstance(expires_in, bool):
                expires_at = now + float(str(expires_in))
        except ValueError:
            expires_at = None
        register_secret(access)
        register_secret(refresh_text)
        return cls(access, refresh_text, expires_at)


class TokenStore:
    """A connector's tokens in the OS keychain."""

    def __init__(self, secrets: SecretStore | None = None) -> None:
        self._secrets = secrets or SecretStore()

    def load(self, connector: str) -> TokenSet | None:
        """The stored tokens of ``connector``, or None if it never signed in (or signed out).

        Raises:
            SecretsUnavailable: the keychain is missing, locked or refused.
            TokenExpired: a token kept in several entries cannot be put back together.
        """
        try:
            values = self._secrets.get_many(connector, TOKEN_SECRET_NAMES)
        except SecretDamaged as damage:
            raise TokenExpired(
                f"The sign-in of connector '{connector}' is kept in several keychain entries "
                f"and {damage.problem}; sign in again with: attendee-relay login {connector}"
            ) from None
        access = values.get(ACCESS_TOKEN)
        if not access:
            return None
        expires_at: float | None
        try:
            expires_at = float(values[EXPIRES_AT]) if EXPIRES_AT in values else None
        except ValueError:
            expires_at = None
        return TokenSet(access, values.get(REFRESH_TOKEN, ""), expires_at)

    def save(self, connector: str, tokens: TokenSet) -> None:
        """Store ``tokens``, replacing any earlier ones (a missing refresh token is removed).

        Raises:
            SecretsUnavailable: the keychain is missing, locked or refused.
        """
        self._secrets.set(connector, ACCESS_TOKEN, tokens.access_token)
        if tokens.refresh_token:
            self._secrets.set(connector, REFRESH_TOKEN, tokens.refresh_token)
        else:
            self._secrets.delete(connector, REFRESH_TOKEN)
        if tokens.expires_at is not None:
            self._secrets.set(connector, EXPIRES_AT, f"{tokens.expires_at:.0f}")
        else:
            self._secrets.delete(connector, EXPIRES_AT)

    def clear(self, connector: str) -> None:
        """Forget the tokens of ``connector`` (sign out)."""
        self._secrets.delete_all(connector, TOKEN_SECRET_NAMES)
