"""A connector's access token during a run: loaded from the keychain, refreshed once when it has
expired or is rejected, and the user told to sign in again when that is not possible."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from attendee_relay.core.errors import TokenExpired
from attendee_relay.core.oauth.endpoint import GrantRefused, TokenEndpoint
from attendee_relay.core.oauth.tokens import TokenSet, TokenStore


class TokenKeeper:
    """Hands out a working access token for one connector; thread-safe.

    Args:
        connector: the connector's name (its keychain entries).
        endpoint: the token endpoint, for refreshing.
        store: where the tokens are kept.
        sign_in_hint: how to sign in again, for the error sentence.
        clock: the time source.
    """

    def __init__(
        self,
        connector: str,
        endpoint: TokenEndpoint,
        store: TokenStore | None = None,
        *,
        sign_in_hint: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.connector = connector
        self._endpoint = endpoint
        self._store = store or TokenStore()
        self._hint = sign_in_hint or f"attendee-relay login {connector}"
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: TokenSet | None = None
        self._refreshed = False

    def access_token(self) -> str:
        """The current access token, refreshed first if it has expired.

        Raises:
            TokenExpired: not signed in, or expired with no usable refresh token.
        """
        with self._lock:
            tokens = self._current()
            if tokens.expired(self._clock()):
                tokens = self._refresh(tokens, "has expired")
            return tokens.access_token

    def rejected(self, token: str) -> str:
        """The platform refused ``token`` (HTTP 401): refresh once and return the new token.

        A second rejection, or one of an already refreshed token, means signing in again.

        Raises:
            TokenExpired: no refresh token, the refresh was refused, or already refreshed.
        """
        with self._lock:
            tokens = self._current()
            if tokens.access_token != token:
                return tokens.access_token  # another caller refreshed meanwhile
            if self._refreshed:
                raise TokenExpired(
                    f"The platform still refuses access after a token refresh; sign in again "
                    f"with: {self._hint}"
                )
            return self._refresh(tokens, "was refused").access_token

    def _current(self) -> TokenSet:
        if self._tokens is None:
            self._tokens = self._store.load(self.connector)
        if self._tokens is None:
            raise TokenExpired(
                f"Connector '{self.connector}' is not signed in; sign in with: {self._hint}"
            )
        return self._tokens

    def _refresh(self, tokens: TokenSet, why: str) -> TokenSet:
        if not tokens.refresh_token:
            raise TokenExpired(
                f"The sign-in of connector '{self.connector}' {why} and cannot be renewed "
                f"automatically; sign in again with: {self._hint}"
            )
        self._refreshed = True
        try:
            fresh = self._endpoint.refresh(tokens.refresh_token)
        except GrantRefused:
            self._store.clear(self.connector)
            self._tokens = None
            raise TokenExpired(
                f"The sign-in of connector '{self.connector}' {why} and the server refused to "
                f"renew it; sign in again with: {self._hint}"
            ) from None
        self._store.save(self.connector, fresh)
        self._tokens = fresh
        return fresh
