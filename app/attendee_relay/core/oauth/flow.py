"""One sign-in: authorization code + PKCE through the system browser and a loopback listener.

Qt-free and blocking in ``wait()``; ``run_in_thread()`` and ``cancel()`` let a GUI keep its event
loop free and offer a Cancel button.
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx

from attendee_relay.core.oauth.client import OAuthClient
from attendee_relay.core.oauth.endpoint import TokenEndpoint
from attendee_relay.core.oauth.listener import LoopbackListener
from attendee_relay.core.oauth.pkce import new_code_verifier, new_state, s256_challenge
from attendee_relay.core.oauth.tokens import TokenSet

BrowserOpener = Callable[[str], bool]


def open_system_browser(url: str) -> bool:
    """Open ``url`` in the system browser (``webbrowser`` honours ``BROWSER``); False if none."""
    try:
        return bool(webbrowser.open(url))
    except webbrowser.Error:
        return False


@dataclass(frozen=True, slots=True)
class FlowOutcome:
    """How a threaded sign-in ended: ``tokens`` on success, else ``error`` (an ``OAuthError``,
    ``SetupError`` or other exception)."""

    tokens: TokenSet | None
    error: BaseException | None


class OAuthFlow:
    """A single-use sign-in.

    Typical use (CLI)::

        flow = OAuthFlow(client)
        url = flow.start()              # binds the listener; show the URL
        flow.launch_browser(on_result)  # on_result(False): ask the user to open the URL
        tokens = flow.wait()            # blocks until the redirect, then exchanges the code

    In a GUI, ``start()`` then ``run_in_thread(on_done)``; ``cancel()`` from the Cancel button.

    Args:
        client: the client registration and endpoints.
        transport: an httpx transport for the token request, for tests.
        opener: opens the URL in a browser; the system browser by default.
    """

    def __init__(
        self,
        client: OAuthClient,
        *,
        transport: httpx.BaseTransport | None = None,
        opener: BrowserOpener = open_system_browser,
    ) -> None:
        self.client = client
        self._endpoint = TokenEndpoint(client, transport=transport)
        self._opener = opener
        self._cancelled = threading.Event()
        self._verifier = new_code_verifier()
        self._state = new_state()
        self._listener = LoopbackListener(self._state, client.redirect_port)
        self._used = False
        self.authorization_url = ""
        self.redirect_uri = ""

    def start(self) -> str:
        """Open the loopback listener and build the authorization URL; returns that URL.

        Raises:
            ListenerUnavailable: no loopback port could be opened.
        """
        if self._used:
            raise RuntimeError("An OAuthFlow is single-use; create a new one to sign in again.")
        self._used = True
        self.redirect_uri = self._listener.open()
        params = {
            "response_type": "code",
            "client_id": self.client.client_id,
            "redirect_uri": self.redirect_uri,
            "state": self._state,
            "code_challenge": s256_challenge(self._verifier),
            "code_challenge_method": "S256",
        }
        if self.client.scope:
            params["scope"] = self.client.scope
        self.authorization_url = _with_query(self.client.authorize_url, params)
        return self.authorization_url

    def open_browser(self) -> bool:
        """Open the authorization URL in the browser; False if none could be started."""
        if not self.authorization_url:
            raise RuntimeError("start() the flow before opening the browser")
        return self._opener(self.authorization_url)

    def launch_browser(self, on_result: Callable[[bool], None] | None = None) -> threading.Thread:
        """Open the browser on a daemon thread, so a browser command that blocks until it exits
        (``BROWSER=some-script``) cannot stall the listener; ``on_result`` gets whether it opened.
        """

        def work() -> None:
            opened = self.open_browser()
            if on_result is not None:
                on_result(opened)

        thread = threading.Thread(target=work, name="attendee-relay-browser", daemon=True)
        thread.start()
        return thread

    def wait(self) -> TokenSet:
        """Wait for the redirect, then trade the code for tokens. Closes the listener either way.

        Raises:
            OAuthError: refused state, declined, timed out, cancelled, or the exchange failed.
        """
        try:
            code = self._listener.wait(self.client.timeout_s, self._cancelled)
        finally:
            self._listener.close()
        return self._endpoint.exchange_code(code, self.redirect_uri, self._verifier)

    def cancel(self) -> None:
        """Stop waiting (from any thread); ``wait()`` then raises ``SignInCancelled``."""
        self._cancelled.set()

    def run_in_thread(self, on_done: Callable[[FlowOutcome], None]) -> threading.Thread:
        """``wait()`` on a daemon thread; ``on_done`` is called on that thread with the outcome.

        A GUI hands the outcome to its own thread (e.g. with a queued signal).
        """

        def work() -> None:
            try:
                tokens = self.wait()
            except BaseException as err:  # handed over, never lost on a worker thread
                on_done(FlowOutcome(None, err))
                return
            on_done(FlowOutcome(tokens, None))

        thread = threading.Thread(target=work, name="attendee-relay-oauth", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Free the port without waiting (e.g. the wizard was closed before ``wait()``)."""
        self._listener.close()


def _with_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` appended to any query it already has."""
    parts = urlsplit(url)
    query = parts.query + ("&" if parts.query else "") + urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
