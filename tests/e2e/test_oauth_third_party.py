"""`login` against a third-party authorization server (Authlib) that verifies PKCE S256 itself.

The server is not ours: Authlib checks the client, the loopback redirect URI, single-use codes
and the code verifier, and writes every answer. The test plays the user's browser.
"""

from __future__ import annotations

import sys
import threading
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from attendee_relay.context import load_connector, oauth_client_of
from attendee_relay.core.oauth import (
    GrantRefused,
    OAuthClient,
    TokenEndpoint,
    TokenKeeper,
    TokenStore,
    new_code_verifier,
    s256_challenge,
)
from e2e.authlib_server import AuthlibServer, Client
from e2e.helpers import run_cli_process

CLIENT_ID = "relay-desktop"
SECRET = "pa:ss+w/rd ü%"  # characters that need encoding in HTTP Basic


def authlib_server(monkeypatch: pytest.MonkeyPatch, client: Client) -> AuthlibServer:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http, on loopback only
    return AuthlibServer(client)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[AuthlibServer]:
    with authlib_server(monkeypatch, Client(CLIENT_ID)) as running:
        yield running


def connector_args(server: AuthlibServer, *extra: str) -> list[str]:
    return [
        "connector", "add", "al", "--platform", "gevme",
        "--set", f"client_id={CLIENT_ID}",
        "--set", f"authorize_url={server.authorize_url}",
        "--set", f"token_url={server.token_url}",
        "--set", "scope=attendees:read", "--set", "token_scope=",
        *extra,
    ]  # fmt: skip


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def with_state(url: str, state: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({**query_of(url), "state": state})))


class Browser:
    """Plays the user: opens the authorize URL, answers the consent form, follows the redirect."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.confirm = "yes"
        self.tamper: Callable[[str], str] = lambda url: url
        self.redirects: list[str] = []
        self.pages: list[httpx.Response] = []
        self.threads: list[threading.Thread] = []
        monkeypatch.setattr(webbrowser, "open", self.open)

    def open(self, url: str, *args: object, **kwargs: object) -> bool:
        thread = threading.Thread(target=self._visit, args=(url,), daemon=True)
        self.threads.append(thread)
        thread.start()
        return True

    def join(self) -> None:
        for thread in self.threads:
            thread.join(10)

    def _visit(self, url: str) -> None:
        with httpx.Client(timeout=10) as http:
            form = http.get(url)
            answer = http.post(url, data={"confirm": self.confirm})
            assert form.status_code == 200 and answer.status_code == 302, answer.text
            self.redirects.append(answer.headers["location"])
            self.pages.append(http.get(self.tamper(answer.headers["location"])))


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    return Browser(monkeypatch)


def test_login_completes_against_authlib_with_the_browser_variable(
    server: AuthlibServer, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "browser.py"
    script.write_text(
        "import sys, httpx\n"
        "with httpx.Client(timeout=10) as http:\n"
        "    http.get(sys.argv[1])\n"
        "    answer = http.post(sys.argv[1], data={'confirm': 'yes'})\n"
        "    http.get(answer.headers['location'])\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BROWSER", f"{sys.executable} {script} %s")
    added = run_cli_process(isolated_home, *connector_args(server))
    assert added.code == 0, added.err
    login = run_cli_process(isolated_home, "login", "al", "--timeout", "30", timeout=60)
    assert login.code == 0, login.err
    assert "Signed in" in login.out
    sent = query_of(login.out.splitlines()[0])  # the printed sign-in address
    assert sent["code_challenge_method"] == "S256"
    assert sent["code_challenge"] == server.authorize_requests[0]["code_challenge"]
    redirect = urlsplit(sent["redirect_uri"])
    assert redirect.scheme == "http" and redirect.hostname in ("127.0.0.1", "::1")
    assert redirect.port and redirect.path == "/callback"
    (request,) = server.token_requests
    assert request["status"] == 200, request["answer"]
    assert request["form"]["grant_type"] == "authorization_code"
    assert s256_challenge(request["form"]["code_verifier"]) == sent["code_challenge"]
    keyring_files = list((isolated_home / "data").rglob("*.cfg"))
    assert any("al_3aaccess_5ftoken" in p.read_text(encoding="utf-8") for p in keyring_files)


def test_a_forged_redirect_with_a_real_code_but_a_wrong_state_is_never_exchanged(
    cli, server: AuthlibServer, browser: Browser
) -> None:  # type: ignore[no-untyped-def]
    assert cli(*connector_args(server)).code == 0
    browser.tamper = lambda url: with_state(url, "forged-state")
    result = cli("login", "al", "--timeout", "20")
    browser.join()
    assert result.code == 3
    assert "wrong state" in result.err
    assert browser.pages[0].status_code == 400
    assert server.token_requests == []
    code = query_of(browser.redirects[0])["code"]
    assert code in server.codes  # the real code Authlib issued is still unredeemed


def test_authlib_refuses_a_wrong_code_verifier_so_pkce_is_really_checked(
    server: AuthlibServer,
) -> None:
    verifier = new_code_verifier()
    redirect_uri = "http://127.0.0.1:9/callback"
    with httpx.Client(timeout=10) as http:
        params = {
            "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": redirect_uri,
            "state": "s" * 43, "scope": "attendees:read",
            "code_challenge": s256_challenge(verifier), "code_challenge_method": "S256",
        }  # fmt: skip
        answer = http.post(server.authorize_url, params=params, data={"confirm": "yes"})
    code = query_of(answer.headers["location"])["code"]
    client = OAuthClient(server.authorize_url, server.token_url, CLIENT_ID)
    with pytest.raises(GrantRefused, match="Code challenge failed"):
        TokenEndpoint(client).exchange_code(code, redirect_uri, new_code_verifier())
    assert server.token_requests[0]["status"] == 400


@pytest.mark.parametrize(
    ("auth_method", "client_auth"),
    [("client_secret_basic", "basic"), ("client_secret_post", "form")],
)
def test_a_confidential_client_signs_in_with_basic_or_form_auth(
    cli, browser: Browser, monkeypatch: pytest.MonkeyPatch, auth_method: str, client_auth: str
) -> None:  # type: ignore[no-untyped-def]
    registered = Client(CLIENT_ID, client_secret=SECRET, auth_method=auth_method)
    with authlib_server(monkeypatch, registered) as server:
        args = connector_args(server, "--set", f"client_auth={client_auth}")
        assert cli(*args, "--secret", "client_secret", stdin=f"{SECRET}\n").code == 0
        result = cli("login", "al", "--timeout", "20")
        browser.join()
    assert result.code == 0, result.err
    (request,) = server.token_requests
    assert request["status"] == 200
    assert request["basic"] is (client_auth == "basic")
    assert ("client_secret" in request["form"]) is (client_auth == "form")


def test_declining_at_authlib_ends_with_access_denied(
    cli, server: AuthlibServer, browser: Browser
) -> None:  # type: ignore[no-untyped-def]
    assert cli(*connector_args(server)).code == 0
    browser.confirm = "no"
    result = cli("login", "al", "--timeout", "20")
    browser.join()
    assert result.code == 3
    assert "access_denied" in result.err
    assert server.token_requests == []


def test_a_refused_access_token_is_refreshed_at_authlib(
    cli, server: AuthlibServer, browser: Browser
) -> None:  # type: ignore[no-untyped-def]
    assert cli(*connector_args(server)).code == 0
    assert cli("login", "al", "--timeout", "20").code == 0
    browser.join()
    loaded = load_connector("al")
    keeper = TokenKeeper("al", TokenEndpoint(oauth_client_of(loaded)), TokenStore())
    first = keeper.access_token()
    second = keeper.rejected(first)
    assert second != first
    assert [r["form"]["grant_type"] for r in server.token_requests] == [
        "authorization_code",
        "refresh_token",
    ]
    assert server.token_requests[1]["status"] == 200
