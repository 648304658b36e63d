"""The sandbox's authorization server and GEVME list, checked from RFC 6749/7636 over real HTTP."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from attendee_relay.sandbox import SandboxServer

REDIRECT = "http://127.0.0.1:5555/callback"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
CHALLENGE = (
    base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).decode().rstrip("=")
)


def authorize(client: httpx.Client, sandbox: SandboxServer, **extra: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": "sandbox-client",
        "redirect_uri": REDIRECT,
        "state": "st",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
        "scope": "root",
        **extra,
    }
    return client.get(sandbox.url("gevme") + "/oauth/authorize", params=params)


def code_of(response: httpx.Response) -> str:
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["state"] == ["st"]
    return query["code"][0]


def exchange(
    client: httpx.Client, sandbox: SandboxServer, code: str, **extra: str
) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "client_id": "sandbox-client",
        "client_secret": "sandbox-secret",
        "redirect_uri": REDIRECT,
        "code": code,
        "code_verifier": VERIFIER,
        **extra,
    }
    return client.post(sandbox.url("gevme") + "/oauth/access_token", data=form)


def test_a_code_with_the_right_verifier_gives_tokens_once(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    code = code_of(authorize(client, sandbox))
    first = exchange(client, sandbox, code)
    assert first.status_code == 200 and first.json()["token_type"] == "Bearer"
    again = exchange(client, sandbox, code)
    assert again.json() == {"error": "invalid_grant", "error_description": "code already used"}
    # a replayed code revokes what it produced
    token = first.json()["access_token"]
    listed = client.get(
        sandbox.url("gevme") + "/events/2001/attendees",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert listed.status_code == 401


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"code_verifier": "x" * 43}, "code_verifier does not match code_challenge"),
        ({"code_verifier": ""}, "code_verifier missing"),
        ({"redirect_uri": "http://127.0.0.1:6666/callback"}, "redirect_uri does not match"),
    ],
)
def test_pkce_and_redirect_uri_are_checked(
    sandbox: SandboxServer, client: httpx.Client, change: dict[str, str], reason: str
) -> None:
    response = exchange(client, sandbox, code_of(authorize(client, sandbox)), **change)
    assert response.status_code == 400 and reason in response.json()["error_description"]


def test_a_wrong_client_secret_is_invalid_client(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    response = exchange(client, sandbox, code_of(authorize(client, sandbox)), client_secret="nope")
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_authorization_without_s256_is_refused_back_to_the_app(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    response = authorize(client, sandbox, code_challenge_method="plain")
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["error"] == ["invalid_request"] and query["state"] == ["st"]


def test_an_unknown_client_is_shown_an_error_not_redirected(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    response = authorize(client, sandbox, client_id="other")
    assert response.status_code == 400 and "location" not in response.headers


def test_refresh_tokens_rotate_and_can_be_refused(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    tokens = exchange(client, sandbox, code_of(authorize(client, sandbox))).json()
    url = sandbox.url("gevme") + "/oauth/access_token"
    form = {
        "grant_type": "refresh_token",
        "client_id": "sandbox-client",
        "client_secret": "sandbox-secret",
    }
    fresh = client.post(url, data={**form, "refresh_token": tokens["refresh_token"]})
    assert fresh.status_code == 200
    reused = client.post(url, data={**form, "refresh_token": tokens["refresh_token"]})
    assert reused.json()["error"] == "invalid_grant"
    sandbox.configure(oauth_refuse_refresh=True)
    refused = client.post(url, data={**form, "refresh_token": fresh.json()["refresh_token"]})
    assert refused.json()["error"] == "invalid_grant"


def test_the_attendee_list_pages_with_limit_and_page(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    token = exchange(client, sandbox, code_of(authorize(client, sandbox))).json()["access_token"]
    url = sandbox.url("gevme") + "/events/2001/attendees"
    auth = {"Authorization": f"Bearer {token}"}
    last = client.get(url, params={"limit": 1000, "page": 3}, headers=auth).json()
    assert len(last["data"]) == 500 and last["meta"]["total"] == 2500
    assert client.get(url, params={"limit": 1001}, headers=auth).status_code == 400
    assert client.get(url.replace("2001", "9"), headers=auth).status_code == 404
    sandbox.runtime.state.oauth.expire_access_tokens()
    assert client.get(url, headers=auth).status_code == 401
