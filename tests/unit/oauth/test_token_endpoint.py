"""Token requests: the form fields GEVME documents, public clients, Basic auth, refusals."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs

import httpx
import pytest

from attendee_relay.core.oauth import (
    GrantRefused,
    OAuthClient,
    TokenEndpoint,
    TokenRequestFailed,
    TokenSet,
)

CLIENT = OAuthClient(
    authorize_url="https://auth.example/authorize",
    token_url="https://auth.example/token",
    client_id="cid",
    client_secret="csecret",
    scope="root",
    token_scope="root",
)


def endpoint(
    client: OAuthClient, answer: httpx.Response, seen: list[httpx.Request]
) -> TokenEndpoint:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer

    return TokenEndpoint(client, transport=httpx.MockTransport(handler), clock=lambda: 1000.0)


def form_of(request: httpx.Request) -> dict[str, str]:
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def test_code_exchange_sends_the_documented_form_fields_and_reads_tokens() -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(
        200, json={"access_token": "AT", "refresh_token": "RT", "expires_in": 60}
    )
    tokens = endpoint(CLIENT, answer, seen).exchange_code(
        "the-code", "http://127.0.0.1:5/callback", "v" * 43
    )
    assert form_of(seen[0]) == {
        "grant_type": "authorization_code",
        "client_id": "cid",
        "client_secret": "csecret",
        "redirect_uri": "http://127.0.0.1:5/callback",
        "code": "the-code",
        "code_verifier": "v" * 43,
        "scope": "root",
    }
    assert seen[0].method == "POST" and str(seen[0].url) == CLIENT.token_url
    assert (tokens.access_token, tokens.refresh_token, tokens.expires_at) == ("AT", "RT", 1060.0)


def test_a_public_client_without_token_scope_sends_neither_secret_nor_scope() -> None:
    seen: list[httpx.Request] = []
    public = OAuthClient("https://a/authorize", "https://a/token", "cid")
    endpoint(public, httpx.Response(200, json={"access_token": "AT"}), seen).exchange_code(
        "c", "http://127.0.0.1:5/callback", "v" * 43
    )
    form = form_of(seen[0])
    assert "client_secret" not in form and "scope" not in form
    assert form["client_id"] == "cid"


def test_basic_client_auth_puts_the_secret_in_the_header_not_the_form() -> None:
    seen: list[httpx.Request] = []
    basic = OAuthClient(
        "https://a/authorize", "https://a/token", "c id", "s:cret", client_auth="basic"
    )
    endpoint(basic, httpx.Response(200, json={"access_token": "AT"}), seen).refresh("RT")
    header = seen[0].headers["authorization"]
    assert base64.b64decode(header.split()[1]).decode() == "c%20id:s%3Acret"
    assert form_of(seen[0]) == {"grant_type": "refresh_token", "refresh_token": "RT"}


def test_a_refresh_without_a_new_refresh_token_keeps_the_old_one() -> None:
    seen: list[httpx.Request] = []
    tokens = endpoint(CLIENT, httpx.Response(200, json={"access_token": "AT2"}), seen).refresh(
        "RT1"
    )
    assert tokens.refresh_token == "RT1"


def test_a_form_encoded_answer_is_read_too() -> None:
    answer = httpx.Response(200, content=b"access_token=AT&token_type=bearer")
    assert endpoint(CLIENT, answer, []).refresh("RT").access_token == "AT"


def test_invalid_grant_is_a_refused_grant() -> None:
    answer = httpx.Response(400, json={"error": "invalid_grant", "error_description": "used"})
    with pytest.raises(GrantRefused, match="invalid_grant: used"):
        endpoint(CLIENT, answer, []).exchange_code("c", "http://127.0.0.1:5/callback", "v" * 43)


def test_an_answer_without_access_token_says_so() -> None:
    with pytest.raises(TokenRequestFailed, match="without an access token"):
        endpoint(CLIENT, httpx.Response(200, json={"ok": True}), []).refresh("RT")


def test_an_unreachable_token_endpoint_is_one_sentence() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    ep = TokenEndpoint(CLIENT, transport=httpx.MockTransport(fail))
    with pytest.raises(TokenRequestFailed, match=r"Cannot reach the sign-in server auth\.example"):
        ep.refresh("RT")


def test_token_reprs_never_show_tokens_or_secrets() -> None:
    assert "AT-secret" not in repr(TokenSet("AT-secret", "RT-secret", 5.0))
    assert "csecret" not in repr(CLIENT)
    assert json.dumps(repr(CLIENT))  # printable
