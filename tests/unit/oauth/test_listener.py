"""The loopback listener: one callback path, the state checked, errors, timeout, cancel, ports."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from attendee_relay.core.oauth import (
    ListenerUnavailable,
    LoopbackListener,
    OAuthError,
    SignInCancelled,
    SignInDenied,
    SignInTimedOut,
    StateMismatch,
)

STATE = "expected-state-value-0123456789abcdef"


@contextmanager
def waiting(listener: LoopbackListener, timeout_s: float = 5.0) -> Iterator[dict[str, object]]:
    """Run ``listener.wait`` on a thread; the dict gets ``code`` or ``error`` when it ends."""
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["code"] = listener.wait(timeout_s)
        except OAuthError as err:
            result["error"] = err

    thread = threading.Thread(target=work)
    thread.start()
    try:
        yield result
    finally:
        thread.join(timeout_s + 2)
        listener.close()


def test_redirect_uri_is_a_loopback_ip_literal_with_an_os_chosen_port() -> None:
    listener = LoopbackListener(STATE)
    uri = listener.open()
    listener.close()
    assert uri.startswith(("http://127.0.0.1:", "http://[::1]:"))
    assert uri.endswith("/callback")
    assert int(uri.rsplit(":", 1)[1].split("/")[0]) > 0


def test_the_right_state_hands_back_the_code_and_shows_a_success_page() -> None:
    listener = LoopbackListener(STATE)
    uri = listener.open()
    with waiting(listener) as result:
        page = httpx.get(uri, params={"code": "abc", "state": STATE})
    assert result == {"code": "abc"}
    assert page.status_code == 200
    assert "close this tab" in page.text


def test_a_wrong_state_is_refused_and_its_code_never_returned() -> None:
    listener = LoopbackListener(STATE)
    uri = listener.open()
    with waiting(listener) as result:
        page = httpx.get(uri, params={"code": "real-code", "state": "forged"})
    assert isinstance(result["error"], StateMismatch)
    assert "code" not in result
    assert page.status_code == 400


def test_access_denied_ends_with_a_clear_message() -> None:
    listener = LoopbackListener(STATE)
    uri = listener.open()
    with waiting(listener) as result:
        page = httpx.get(uri, params={"error": "access_denied", "state": STATE})
    assert isinstance(result["error"], SignInDenied)
    assert "declined" in str(result["error"])
    assert "not completed" in page.text


def test_other_paths_are_not_found_and_the_wait_goes_on() -> None:
    listener = LoopbackListener(STATE)
    uri = listener.open()
    with waiting(listener) as result:
        other = httpx.get(uri.replace("/callback", "/favicon.ico"))
        assert other.status_code == 404
        httpx.get(uri, params={"code": "c2", "state": STATE})
    assert result == {"code": "c2"}


def test_the_port_is_closed_once_the_answer_came() -> None:
    listener = LoopbackListener(STATE)
    uri = listener.open()
    with waiting(listener):
        httpx.get(uri, params={"code": "c", "state": STATE})
    with pytest.raises(httpx.ConnectError):
        httpx.get(uri, params={"code": "c", "state": STATE})


def test_nobody_coming_back_times_out() -> None:
    listener = LoopbackListener(STATE)
    listener.open()
    started = time.monotonic()
    with pytest.raises(SignInTimedOut, match=r"within 0\.5 seconds"):
        listener.wait(0.5)
    listener.close()
    assert time.monotonic() - started < 3


def test_cancel_stops_the_wait_promptly() -> None:
    listener = LoopbackListener(STATE)
    listener.open()
    cancelled = threading.Event()
    threading.Timer(0.3, cancelled.set).start()
    started = time.monotonic()
    with pytest.raises(SignInCancelled):
        listener.wait(30, cancelled)
    listener.close()
    assert time.monotonic() - started < 3


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


def test_a_busy_fixed_port_falls_back_to_ipv6_loopback_or_says_what_to_do() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        listener = LoopbackListener(STATE, port=port)
        if _ipv6_loopback():
            try:
                assert listener.open() == f"http://[::1]:{port}/callback"
            except ListenerUnavailable:  # the port is taken on ::1 too: the message applies
                pytest.fail("::1 was free but the fallback did not use it")
            finally:
                listener.close()
        else:
            with pytest.raises(ListenerUnavailable, match=f"Port {port} .* in use"):
                listener.open()


def test_a_port_busy_on_both_loopbacks_gives_a_way_out() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        holders = []
        if _ipv6_loopback():
            six = socket.socket(socket.AF_INET6)
            six.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            six.bind(("::1", port))
            six.listen()
            holders.append(six)
        try:
            with pytest.raises(ListenerUnavailable, match="redirect_port=0"):
                LoopbackListener(STATE, port=port).open()
        finally:
            for s in holders:
                s.close()
