"""Injected faults: each kind as a client sees it, what is recorded, and repeatability."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from attendee_relay.sandbox import SandboxConfig, SandboxServer
from attendee_relay.sandbox.faults import FaultPlan

REGISTER = {
    "key": "sandbox-key",
    "event": "1001",
    "channel": "web",
    "attendee[0][name]": "Ana",
    "attendee[0][email]": "ana@example.com",
}


def _register(sandbox: SandboxServer, client: httpx.Client) -> httpx.Response:
    return client.post(sandbox.url("10times") + "/v1/register", data=REGISTER)


@pytest.mark.parametrize(("kind", "status"), [("503", 503), ("502", 502), ("500_html", 500)])
def test_server_error_faults_answer_an_html_page_and_process_nothing(
    sandbox: SandboxServer, client: httpx.Client, kind: str, status: int
) -> None:
    sandbox.configure(fault_script=[kind])
    response = _register(sandbox, client)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.lstrip().lower().startswith(("<html", "<!doctype html"))
    assert sandbox.registrations(1001) == {}
    assert _register(sandbox, client).json()["status"] == 1  # the script is played once


def test_429_fault_carries_the_configured_retry_after(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    sandbox.configure(fault_script=["429"], retry_after_s=7)
    response = _register(sandbox, client)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert sandbox.registrations(1001) == {}


def test_drop_closes_the_connection_before_processing_and_records_nothing(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    sandbox.configure(fault_script=["drop"])
    with pytest.raises(httpx.RemoteProtocolError):
        _register(sandbox, client)
    assert sandbox.registrations(1001) == {}
    assert sandbox.received()["10times"]["attendees"] == []
    assert sandbox.stats()["fault_drop"] == 1


def test_drop_after_processing_records_but_never_answers(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    sandbox.configure(fault_script=["drop_after"])
    with pytest.raises(httpx.RemoteProtocolError):
        _register(sandbox, client)
    assert sandbox.registrations(1001) == {"ana@example.com": 1}


def test_drop_after_processing_rate_one_drops_every_answer(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(drop_after_processing_rate=1.0)) as sandbox:
        for _ in range(3):
            with pytest.raises(httpx.RemoteProtocolError):
                client.post(sandbox.url("push/x"), json={"a": 1})
        assert len(sandbox.pushed()) == 3


def test_fault_rate_one_faults_every_call_with_the_chosen_kinds(client: httpx.Client) -> None:
    config = SandboxConfig(fault_rate=1.0, fault_kinds=("503", "502"))
    with SandboxServer(config) as sandbox:
        statuses = {_register(sandbox, client).status_code for _ in range(20)}
        assert statuses == {502, 503}
        assert sandbox.registrations(1001) == {}


def test_random_faults_repeat_with_the_same_seed() -> None:
    config = SandboxConfig(fault_rate=0.5, drop_after_processing_rate=0.2, seed=42)
    first, second = FaultPlan(config), FaultPlan(config)
    sequence = [first.next(config) for _ in range(200)]
    assert sequence == [second.next(config) for _ in range(200)]
    assert {"none", "drop_after", "429", "503", "502", "500_html", "drop"} == set(sequence)
    other = FaultPlan(config.with_changes({"seed": 43}))
    assert sequence != [other.next(config) for _ in range(200)]


def test_fault_rate_is_roughly_the_share_of_faulty_calls() -> None:
    config = SandboxConfig(fault_rate=0.3)
    plan = FaultPlan(config)
    faults = sum(plan.next(config) != "none" for _ in range(5000))
    assert 1300 < faults < 1700


def test_faults_never_touch_the_control_api(client: httpx.Client) -> None:
    config = SandboxConfig(fault_rate=1.0, fault_kinds=("drop",), latency_ms=300)
    with SandboxServer(config) as sandbox:
        start = time.monotonic()
        assert client.get(sandbox.base_url + "/_sandbox/received").status_code == 200
        assert client.get(sandbox.base_url + "/_sandbox/config").status_code == 200
        assert time.monotonic() - start < 0.3


def test_latency_delays_calls_without_blocking_others(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(latency_ms=300)) as sandbox:
        url = sandbox.url("push/x")
        start = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(lambda n: client.post(url, json={"n": n}).status_code, range(8))
            )
        elapsed = time.monotonic() - start
    assert statuses == [200] * 8
    assert 0.3 <= elapsed < 0.9  # eight at once, not one after another (2.4 s)
