"""Sign-in and pull over real HTTP against the sandbox, the test playing the browser."""

from __future__ import annotations

import csv
import socket
import stat
import threading
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from attendee_relay.core.history import HistoryStore
from attendee_relay.core.oauth import GrantRefused, OAuthClient, TokenEndpoint
from attendee_relay.core.pulling import PullSource, SyncMarks, pull
from attendee_relay.sandbox.server import SandboxServer
from e2e.helpers import CliResult, run_cli_process

SECRET = "sandbox-secret"


def add_gevme(cli, sandbox: SandboxServer, *extra: str, secret: bool = True) -> None:  # type: ignore[no-untyped-def]
    args = ["connector", "add", "gv", "--platform", "gevme"]
    args += ["--set", f"base_url={sandbox.url('gevme')}", "--set", "client_id=sandbox-client"]
    args += ["--set", "event=2001", *extra]
    if secret:
        args += ["--secret", "client_secret"]
    result = cli(*args, stdin=f"{SECRET}\n" if secret else "")
    assert result.code == 0, result.err


class Browser:
    """Plays the user's browser: follows the authorize redirect to the loopback listener."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.callbacks: list[str] = []
        self.pages: list[httpx.Response] = []
        self.tamper: Callable[[str], str] = lambda url: url
        self.choice = "allow"
        self.opens = True
        self.threads: list[threading.Thread] = []
        monkeypatch.setattr(webbrowser, "open", self.open)

    def join(self) -> None:
        for thread in self.threads:
            thread.join(10)

    def open(self, url: str, *args: object, **kwargs: object) -> bool:
        if self.opens:
            thread = threading.Thread(target=self._visit, args=(url,), daemon=True)
            self.threads.append(thread)
            thread.start()
        return self.opens

    def _visit(self, url: str) -> None:
        with httpx.Client(timeout=10) as http:
            response = http.get(url)
            if response.status_code == 200 and "id='allow'" in response.text:  # consent page
                link = response.text.split(f"id='{self.choice}' href='")[1].split("'")[0]
                response = http.get(httpx.URL(url).join(link.replace("&amp;", "&")))
            location = response.headers["location"]
            self.callbacks.append(location)
            self.pages.append(http.get(self.tamper(location)))


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    return Browser(monkeypatch)


def with_state(url: str, state: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["state"] = state
    return urlunsplit(parts._replace(query=urlencode(query)))


def token_grants(sandbox: SandboxServer) -> list[str]:
    return [r["grant_type"] for r in sandbox.received()["gevme"]["oauth"]["token_requests"]]


def test_login_completes_with_pkce_and_a_loopback_redirect(
    cli, sandbox, browser, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    add_gevme(cli, sandbox)
    result = cli("login", "gv", "--timeout", "20")
    assert result.code == 0, result.err
    url = urlsplit(result.out.splitlines()[0])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["response_type"] == "code" and query["client_id"] == "sandbox-client"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["scope"] == "root" and len(query["state"]) >= 43
    assert urlsplit(query["redirect_uri"]).hostname in ("127.0.0.1", "::1")
    assert "Signed in" in result.out
    browser.join()
    assert "close this tab" in browser.pages[0].text
    assert ("attendee-relay", "gv:access_token") in memory_keyring.store
    assert ("attendee-relay", "gv:refresh_token") in memory_keyring.store
    assert token_grants(sandbox) == ["authorization_code"]


def test_a_public_client_without_secret_signs_in(cli, sandbox, browser) -> None:  # type: ignore[no-untyped-def]
    sandbox.configure(oauth_client_secret="")
    add_gevme(cli, sandbox, "--set", "token_scope=", secret=False)
    assert cli("login", "gv", "--timeout", "20").code == 0


def test_a_forged_redirect_with_a_wrong_state_is_never_exchanged(cli, sandbox, browser) -> None:  # type: ignore[no-untyped-def]
    add_gevme(cli, sandbox)
    browser.tamper = lambda url: with_state(url, "forged-state")
    result = cli("login", "gv", "--timeout", "20")
    assert result.code == 3
    assert "wrong state" in result.err
    assert token_grants(sandbox) == []  # the real code never reached the token endpoint
    browser.join()
    assert browser.pages[0].status_code == 400


def test_a_reused_code_is_refused(cli, sandbox, browser) -> None:  # type: ignore[no-untyped-def]
    add_gevme(cli, sandbox)
    assert cli("login", "gv", "--timeout", "20").code == 0
    browser.join()
    callback = browser.callbacks[0]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    redirect_uri = urlunsplit(urlsplit(callback)._replace(query=""))
    client = OAuthClient(
        sandbox.url("gevme") + "/oauth/authorize",
        sandbox.url("gevme") + "/oauth/access_token",
        "sandbox-client",
        SECRET,
    )
    with pytest.raises(GrantRefused, match="already used"):
        TokenEndpoint(client).exchange_code(code, redirect_uri, "x" * 43)


def test_access_denied_ends_with_a_clear_message(cli, sandbox, browser) -> None:  # type: ignore[no-untyped-def]
    sandbox.configure(oauth_auto_approve=False)
    browser.choice = "deny"
    add_gevme(cli, sandbox)
    result = cli("login", "gv", "--timeout", "20")
    assert result.code == 3
    assert "declined (access_denied)" in result.err
    assert token_grants(sandbox) == []


def test_the_consent_page_allow_link_signs_in(cli, sandbox, browser) -> None:  # type: ignore[no-untyped-def]
    sandbox.configure(oauth_auto_approve=False)
    add_gevme(cli, sandbox)
    assert cli("login", "gv", "--timeout", "20").code == 0


def test_no_browser_and_a_closed_tab_end_in_a_timeout_with_a_way_out(cli, sandbox, browser) -> None:  # type: ignore[no-untyped-def]
    browser.opens = False
    add_gevme(cli, sandbox)
    result = cli("login", "gv", "--timeout", "1")
    assert result.code == 3
    assert "No browser could be started" in result.err
    assert "within 1 second" in result.err and "start the sign-in again" in result.err
    assert result.out.startswith("http://127.0.0.1:")  # the URL is printed to open by hand


def test_a_busy_redirect_port_falls_back_or_says_what_to_do(cli, sandbox, browser) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        add_gevme(cli, sandbox, "--set", f"redirect_port={port}")
        result = cli("login", "gv", "--timeout", "20")
    if result.code == 0:
        assert f"http://[::1]:{port}/callback" in result.err
    else:
        assert result.code == 3 and f"Port {port}" in result.err and "redirect_port=0" in result.err


@pytest.fixture
def signed_in(cli, sandbox, browser) -> Iterator[None]:  # type: ignore[no-untyped-def]
    add_gevme(cli, sandbox)
    assert cli("login", "gv", "--timeout", "20").code == 0
    yield


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_pull_writes_every_attendee_of_several_pages_once(
    cli, sandbox, signed_in, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "attendees.csv"
    result = cli("pull", "gv", str(out), "--json")
    assert result.code == 0, result.err
    assert result.json()["rows"] == 2500 and result.json()["pages"] == 3
    rows = read_csv(out)
    assert len(rows) == 2500
    assert len({r["Email"] for r in rows}) == 2500
    assert rows[8]["First Name"] == "美咲" and rows[3]["Last Name"] == "García"
    assert "customFields.dietary" in rows[0]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_pull_pages_by_the_page_size_setting_and_a_bare_list(
    cli, sandbox, signed_in, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sandbox.configure(gevme_bare_list=True, gevme_attendee_count=1001)
    result = cli("pull", "gv", str(tmp_path / "a.csv"), "--set", "page_size=250", "--json")
    assert result.code == 0, result.err
    # 5 pages of records, then one more request to be sure the short page was the last.
    assert (result.json()["rows"], result.json()["pages"]) == (1001, 6)


def test_pull_with_modified_since_fetches_only_the_changes(
    cli, sandbox, signed_in, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sandbox.runtime.state.touch_attendee("2001", 7, "2030-01-01 10:00:00")
    out = tmp_path / "delta.csv"
    result = cli("pull", "gv", str(out), "--set", "modified_since=2029-12-31 00:00:00")
    assert result.code == 0, result.err
    assert [r["Email"] for r in read_csv(out)] == ["guest00007@example.org"]


def test_an_expired_token_is_refreshed_once(cli, sandbox, signed_in, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sandbox.runtime.state.oauth.expire_access_tokens()
    result = cli("pull", "gv", str(tmp_path / "a.csv"), "--json")
    assert result.code == 0, result.err
    assert result.json()["rows"] == 2500
    assert token_grants(sandbox) == ["authorization_code", "refresh_token"]


def test_a_refused_refresh_asks_to_sign_in_again(cli, sandbox, signed_in, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sandbox.configure(oauth_refuse_refresh=True)
    sandbox.runtime.state.oauth.expire_access_tokens()
    out = tmp_path / "a.csv"
    result = cli("pull", "gv", str(out))
    assert result.code == 3
    assert "sign in again with: attendee-relay login gv" in result.err
    assert not out.exists()


def test_without_a_refresh_token_the_user_signs_in_again(cli, sandbox, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sandbox.configure(oauth_issue_refresh_tokens=False)
    add_gevme(cli, sandbox)
    assert cli("login", "gv", "--timeout", "20").code == 0
    sandbox.runtime.state.oauth.expire_access_tokens()
    result = cli("pull", "gv", str(tmp_path / "a.csv"))
    assert result.code == 3 and "attendee-relay login gv" in result.err


def test_pull_before_login_says_how_to_sign_in(cli, sandbox, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_gevme(cli, sandbox)
    result = cli("pull", "gv", str(tmp_path / "a.csv"))
    assert result.code == 3 and "not signed in" in result.err


def test_gevme_attendees_go_into_another_connector_in_one_sync_run(cli, sandbox, signed_in) -> None:  # type: ignore[no-untyped-def]
    from attendee_relay.context import load_connector, token_keeper
    from attendee_relay.core.engine.runner import ImportEngine
    from attendee_relay.core.importing import prepare_import
    from attendee_relay.core.mapping.automatch import auto_map
    from e2e.helpers import add_tentimes

    sandbox.configure(gevme_attendee_count=40)
    add_tentimes(cli, sandbox, "tt", "--set", "rate_limit_per_minute=0")
    source_conn = load_connector("gv")
    target = load_connector("tt")
    store = HistoryStore()
    marks = SyncMarks(store)
    scope = source_conn.connector.dedupe_scope()
    assert marks.delta_options("gv", scope) == {}
    snapshot = pull(source_conn.connector, tokens=token_keeper(source_conn), label="gv")  # type: ignore[arg-type]
    source = PullSource(snapshot)
    mapping = auto_map(source.info.headers, target.connector.target_fields(), "10times")
    prepared = prepare_import(
        connector=target.connector,
        connector_name="tt",
        source=source,
        mapping=mapping,
        store=store,
        settings=target.profile.settings,
        secrets=target.secrets,
        kind="sync",
    )
    marks.record("gv", scope, snapshot.started_at, prepared.run_id)
    snapshot.delete()
    assert prepared.run_id is not None and prepared.pending == 40
    engine = ImportEngine(
        store=store,
        run_id=prepared.run_id,
        connector=target.connector,
        connector_name="tt",
        secrets=target.secrets,
    )
    assert engine.run_blocking().counts.delivered == 40
    assert len(sandbox.registrations(1001)) == 40
    assert store.get_run(prepared.run_id).kind == "sync"
    assert "modified_since" in marks.delta_options("gv", scope)


def test_tokens_are_in_no_file_and_no_output(
    cli, sandbox, signed_in, tmp_path, isolated_home, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    outputs: list[CliResult] = []
    outputs.append(cli("pull", "gv", str(tmp_path / "a.csv")))
    sandbox.runtime.state.oauth.expire_access_tokens()
    outputs.append(cli("pull", "gv", str(tmp_path / "b.csv")))  # refreshes
    outputs += [cli("connector", "show", "gv"), cli("connector", "show", "gv", "--json")]
    outputs += [
        cli("connector", "test", "gv"),
        cli("history", "--json"),
        cli("--verbose", "pull", "gv", str(tmp_path / "c.csv")),
    ]
    tokens = [
        v
        for (_, user), v in memory_keyring.store.items()
        if user.endswith(("access_token", "refresh_token"))
    ]
    assert len(tokens) == 2
    texts = [r.out + r.err for r in outputs]
    for folder in (isolated_home, tmp_path):
        texts += [
            p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
        ]
    for token in tokens:
        assert not any(token in text for text in texts)


def test_login_with_the_browser_from_the_browser_variable(sandbox, isolated_home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "browser.py"
    script.write_text(
        "import sys, httpx\nhttpx.get(sys.argv[1], follow_redirects=True, timeout=10)\n",
        encoding="utf-8",
    )
    import os
    import sys

    os.environ["BROWSER"] = f"{sys.executable} {script} %s"
    try:
        added = run_cli_process(
            isolated_home,
            "connector", "add", "gv", "--platform", "gevme",
            "--set", f"base_url={sandbox.url('gevme')}", "--set", "client_id=sandbox-client",
            "--set", "event=2001", "--secret", "client_secret",
            stdin=f"{SECRET}\n",
        )  # fmt: skip
        assert added.code == 0, added.err
        login = run_cli_process(isolated_home, "login", "gv", "--timeout", "30", timeout=60)
        assert login.code == 0, login.err
        pulled = run_cli_process(isolated_home, "pull", "gv", str(tmp_path / "out.csv"))
        assert pulled.code == 0, pulled.err
    finally:
        del os.environ["BROWSER"]
    assert len(read_csv(tmp_path / "out.csv")) == 2500


def test_a_list_that_ignores_page_stops_the_pull_with_one_line_and_no_file(
    cli, sandbox, signed_in, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # GEVME's paging is not published (API_NOTES): a server that answers its first page for
    # every page must not be read until the page cap (hours at 500 calls a minute).
    sandbox.configure(gevme_ignore_page=True)
    before = sandbox.stats()["requests"]
    out = tmp_path / "a.csv"

    result = cli("pull", "gv", str(out))

    assert result.code != 0
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "identical" in result.err and "page_param" in result.err
    assert not out.exists()
    assert sandbox.stats()["requests"] - before == 2  # page 1, then page 2 = page 1: stop


def test_paging_parameter_names_and_the_date_format_are_settings(
    cli, sandbox, signed_in, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sandbox.runtime.state.touch_attendee("2001", 7, "2030-01-01 10:00:00")
    out = tmp_path / "delta.csv"
    result = cli(
        "pull", "gv", str(out),
        "--set", "modified_format=%Y-%m-%dT%H:%M:%SZ",
        "--set", "modified_since=2029-12-31 00:00:00",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert [r["Email"] for r in read_csv(out)] == ["guest00007@example.org"]


def test_tokens_too_long_for_a_windows_credential_sign_in_pull_refresh_and_leave_nothing(
    cli, sandbox, browser, windows_keyring, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # JWT-sized tokens, under a keychain that refuses a secret over 2,560 bytes as UTF-16.
    sandbox.configure(oauth_token_length=3000)
    add_gevme(cli, sandbox)

    result = cli("login", "gv", "--timeout", "20")

    assert result.code == 0, result.err
    assert "Signed in" in result.out
    users = {user for (_service, user) in windows_keyring.store}
    assert {"gv:access_token#1", "gv:refresh_token#1"} <= users

    out = tmp_path / "Teilnehmer Zoë" / "attendees.csv"
    out.parent.mkdir()
    pulled = cli("pull", "gv", str(out), "--json")
    assert pulled.code == 0, pulled.err
    assert pulled.json()["rows"] == 2500 and len(read_csv(out)) == 2500

    # A refreshed pair is just as long: saved over the old parts, and still works.
    sandbox.runtime.state.oauth.expire_access_tokens()
    again = cli("pull", "gv", str(out), "--json")
    assert again.code == 0, again.err
    assert again.json()["rows"] == 2500
    assert token_grants(sandbox) == ["authorization_code", "refresh_token"]

    assert cli("connector", "remove", "gv").code == 0
    assert windows_keyring.store == {}


def test_pull_into_a_file_open_elsewhere_stops_before_fetching(
    cli, sandbox, signed_in, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "Teilnehmer Zoë.csv"
    out.write_text("open in Excel\n", encoding="utf-8")
    out.chmod(0o444)
    before = sandbox.stats()["requests"]

    result = cli("pull", "gv", str(out))

    assert result.code == 2
    assert "read-only or open in another program; close it there" in result.err
    assert sandbox.stats()["requests"] == before  # nothing was asked of GEVME
    assert out.read_text(encoding="utf-8") == "open in Excel\n"
