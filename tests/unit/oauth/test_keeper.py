"""TokenKeeper: keychain tokens, refreshed once when expired or refused, else sign in again."""

from __future__ import annotations

import httpx
import pytest

from attendee_relay.core.errors import TokenExpired
from attendee_relay.core.oauth import OAuthClient, TokenEndpoint, TokenKeeper, TokenSet, TokenStore

CLIENT = OAuthClient("https://a/authorize", "https://a/token", "cid")


class FakeServer:
    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.refreshes = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.refreshes += 1
        if self.refuse:
            return httpx.Response(400, json={"error": "invalid_grant"})
        return httpx.Response(
            200,
            json={
                "access_token": f"AT-new-{self.refreshes}",
                "refresh_token": "RT-new",
                "expires_in": 3600,
            },
        )


def keeper(server: FakeServer, now: float = 1000.0) -> TokenKeeper:
    endpoint = TokenEndpoint(CLIENT, transport=httpx.MockTransport(server), clock=lambda: now)
    return TokenKeeper("gv", endpoint, TokenStore(), clock=lambda: now)


def test_a_valid_token_is_used_as_is() -> None:
    TokenStore().save("gv", TokenSet("AT-old", "RT-old", 5000.0))
    server = FakeServer()
    assert keeper(server).access_token() == "AT-old"
    assert server.refreshes == 0


def test_an_expired_token_is_refreshed_and_the_new_tokens_stored() -> None:
    TokenStore().save("gv", TokenSet("AT-old", "RT-old", 1010.0))  # within the 60 s skew
    server = FakeServer()
    assert keeper(server).access_token() == "AT-new-1"
    stored = TokenStore().load("gv")
    assert stored is not None and (stored.access_token, stored.refresh_token) == (
        "AT-new-1",
        "RT-new",
    )


def test_a_refused_token_is_refreshed_once_then_sign_in_again() -> None:
    TokenStore().save("gv", TokenSet("AT-old", "RT-old", None))
    server = FakeServer()
    k = keeper(server)
    assert k.rejected("AT-old") == "AT-new-1"
    with pytest.raises(TokenExpired, match="attendee-relay login gv"):
        k.rejected("AT-new-1")
    assert server.refreshes == 1


def test_without_a_refresh_token_the_user_signs_in_again() -> None:
    TokenStore().save("gv", TokenSet("AT-old", "", 10.0))
    with pytest.raises(
        TokenExpired,
        match="cannot be renewed automatically; sign in again with: attendee-relay login gv",
    ):
        keeper(FakeServer()).access_token()


def test_a_refused_refresh_forgets_the_tokens_and_asks_to_sign_in() -> None:
    TokenStore().save("gv", TokenSet("AT-old", "RT-old", 10.0))
    with pytest.raises(TokenExpired, match="refused to renew"):
        keeper(FakeServer(refuse=True)).access_token()
    assert TokenStore().load("gv") is None


def test_never_signed_in_says_how_to_sign_in() -> None:
    with pytest.raises(TokenExpired, match="not signed in; sign in with: attendee-relay login gv"):
        keeper(FakeServer()).access_token()
