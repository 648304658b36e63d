"""The loopback redirect listener of RFC 8252: one callback path, on 127.0.0.1 (or [::1]), only
while a sign-in waits, for the one redirect that carries this sign-in's ``state``."""

from __future__ import annotations

import errno
import hmac
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

from attendee_relay.core.oauth import pages
from attendee_relay.core.oauth.errors import (
    ListenerUnavailable,
    OAuthError,
    SignInCancelled,
    SignInDenied,
    SignInTimedOut,
    StateMismatch,
)

CALLBACK_PATH = "/callback"
_POLL_S = 0.2  # how often a wait looks at the clock and the cancel flag


@dataclass(slots=True)
class _Outcome:
    code: str = ""
    error: OAuthError | None = None


class _Server(HTTPServer):
    allow_reuse_address = False  # a busy fixed port must fail loudly, not be shared
    expected_state: str
    outcome: _Outcome | None

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that hangs up early is no reason to print a traceback."""


class _Server6(_Server):
    address_family = socket.AF_INET6

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 5  # a browser's idle pre-connection must not hold the one-request listener

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != CALLBACK_PATH:
            self._answer(404, pages.page("Not found", "This address only receives a sign-in."))
            return
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        outcome, status, body = _judge(query, self.server.expected_state)
        self._answer(status, body)
        self.server.outcome = outcome

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the request line carries the authorization code."""


def _judge(query: dict[str, str], expected_state: str) -> tuple[_Outcome, int, bytes]:
    """What a redirect means: the code, or the error that ends the sign-in, and the page to show."""
    state = query.get("state", "")
    # Constant-time compare: the state is the only thing standing between us and a forged code.
    if not hmac.compare_digest(state.encode(), expected_state.encode()):
        refused: OAuthError = StateMismatch(
            "The sign-in answer did not belong to this sign-in (wrong state) and was refused; "
            "start the sign-in again."
        )
        body = pages.page("Sign-in refused", "This answer does not match the sign-in in progress.")
        return _Outcome(error=refused), 400, body
    if "error" in query:
        error: OAuthError
        code = query["error"] or "error"
        detail = query.get("error_description", "").strip()
        if code == "access_denied":
            error = SignInDenied(
                "The sign-in was declined (access_denied); sign in again and choose Allow "
                "to give Attendee Relay access."
            )
        else:
            error = OAuthError(
                f"The sign-in server answered {code}{': ' + detail if detail else ''}; "
                "check client_id, scope and the redirect address registered for this app."
            )
        return _Outcome(error=error), 200, pages.page("Sign-in not completed", str(error))
    if not query.get("code"):
        missing = OAuthError(
            "The sign-in server came back without a code; start the sign-in again."
        )
        return _Outcome(error=missing), 400, pages.page("Sign-in not completed", str(missing))
    return _Outcome(code=query["code"]), 200, pages.SUCCESS


class LoopbackListener:
    """Listens for one redirect. ``open()`` binds; ``wait()`` serves until the answer; ``close()``.

    Args:
        expected_state: the ``state`` this sign-in sent.
        port: 0 for an OS-chosen port, else that exact port.
    """

    def __init__(self, expected_state: str, port: int = 0) -> None:
        self._state = expected_state
        self._port = port
        self._server: _Server | None = None
        self.redirect_uri = ""

    def open(self) -> str:
        """Bind on 127.0.0.1, else [::1]; returns the redirect URI (an IP literal, never localhost).

        Raises:
            ListenerUnavailable: neither loopback address could be bound.
        """
        failures: list[OSError] = []
        for cls, host, shown in ((_Server, "127.0.0.1", "127.0.0.1"), (_Server6, "::1", "[::1]")):
            try:
                server = cls((host, self._port), _Handler)
            except OSError as err:
                failures.append(err)
                continue
            server.expected_state = self._state
            server.outcome = None
            server.timeout = _POLL_S
            self._server = server
            self.redirect_uri = f"http://{shown}:{server.server_address[1]}{CALLBACK_PATH}"
            return self.redirect_uri
        if self._port and any(f.errno == errno.EADDRINUSE for f in failures):
            raise ListenerUnavailable(
                f"Port {self._port} on this computer is in use by another program, so the "
                "sign-in cannot receive its answer; close that program, or set redirect_port=0 "
                "to use any free port (if the server accepts it)."
            )
        raise ListenerUnavailable(
            "No loopback address (127.0.0.1 or [::1]) could be opened for the sign-in "
            f"({failures[0].strerror if failures else 'unknown error'}); check the firewall "
            "or security software."
        )

    def wait(self, timeout_s: float, cancelled: threading.Event | None = None) -> str:
        """Serve until the redirect arrives; returns the authorization code.

        Raises:
            StateMismatch: the redirect carried another state (its code is never returned).
            SignInDenied: the redirect carried ``error=access_denied``.
            OAuthError: another ``error=`` or no code.
            SignInTimedOut: nothing came within ``timeout_s``.
            SignInCancelled: ``cancelled`` was set.
        """
        server = self._server
        if server is None:
            raise RuntimeError("open() the listener before waiting")
        deadline = time.monotonic() + timeout_s
        while server.outcome is None:
            if cancelled is not None and cancelled.is_set():
                raise SignInCancelled("The sign-in was cancelled.")
            if time.monotonic() >= deadline:
                raise SignInTimedOut(
                    f"No answer from the browser within {describe_duration(timeout_s)} (was the tab "
                    "closed?); start the sign-in again."
                )
            server.handle_request()
        outcome = server.outcome
        if outcome.error is not None:
            raise outcome.error
        return outcome.code

    def close(self) -> None:
        """Stop listening (the port is free again)."""
        if self._server is not None:
            self._server.server_close()
            self._server = None


def describe_duration(seconds: float) -> str:
    """``90 seconds`` or ``5 minutes``, for messages."""
    if seconds >= 120:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} second{'' if seconds == 1 else 's'}"
