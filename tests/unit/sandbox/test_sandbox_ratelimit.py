"""The rate limit: a burst gets 429 with Retry-After and is not processed; even pacing never does."""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from attendee_relay.sandbox import SandboxConfig, SandboxServer
from attendee_relay.sandbox.ratelimit import SlidingWindowLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_guard_allows_twice_the_even_pace_per_second() -> None:
    assert SandboxConfig(rate_limit_per_minute=60).burst_limit == 2
    assert SandboxConfig(rate_limit_per_minute=600).burst_limit == 20
    assert SandboxConfig(rate_limit_per_minute=61).burst_limit == 4
    assert SandboxConfig(rate_limit_per_minute=0).burst_limit == 0


def test_evenly_paced_client_with_jitter_is_never_refused_over_minutes() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock)
    jitter = random.Random(7)
    refused = 0
    for n in range(600):  # ten minutes at exactly the limit, 60 a minute
        clock.now = 1000.0 + n * 1.0 + jitter.uniform(-0.02, 0.02)
        if limiter.admit(60, 2, tolerance_s=0.05) is not None:
            refused += 1
    assert refused == 0


def test_minute_window_refuses_the_request_over_the_limit_and_says_when() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock)
    for n in range(10):
        clock.now = 1000.0 + n * 2.0  # well under the burst guard
        assert limiter.admit(10, 100) is None
    clock.now = 1020.0
    wait = limiter.admit(10, 100)
    assert wait == 40  # the first request (t=1000) leaves the window at t=1060
    clock.now = 1060.5
    assert limiter.admit(10, 100) is None


def test_refused_requests_do_not_count_against_the_client() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock)
    assert limiter.admit(60, 2) is None
    assert limiter.admit(60, 2) is None
    for _ in range(50):
        assert limiter.admit(60, 2) == 1
    clock.now += 1.01
    assert limiter.admit(60, 2) is None


def test_no_limit_admits_everything() -> None:
    limiter = SlidingWindowLimiter(FakeClock())
    assert all(limiter.admit(0, 0) is None for _ in range(1000))


def _push(client: httpx.Client, url: str, n: int) -> httpx.Response:
    return client.post(url, json={"n": n})


def test_burst_over_http_gets_429_with_retry_after_and_is_not_processed(
    client: httpx.Client,
) -> None:
    with SandboxServer(SandboxConfig(rate_limit_per_minute=60)) as sandbox:
        url = sandbox.url("push/x")
        with ThreadPoolExecutor(6) as pool:
            responses = list(pool.map(lambda n: _push(client, url, n), range(6)))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 200, 429, 429, 429, 429]
        for response in responses:
            if response.status_code == 429:
                assert int(response.headers["Retry-After"]) >= 1
                assert response.json()["retry_after"] >= 1
        assert len(sandbox.pushed()) == 2
        assert sandbox.stats()["rate_limited"] == 4


def test_minute_limit_over_http_asks_to_wait_for_the_window(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(rate_limit_per_minute=3)) as sandbox:
        url = sandbox.url("push/x")
        assert [_push(client, url, n).status_code for n in range(2)] == [200, 200]
        time.sleep(1.05)  # past the burst guard
        assert _push(client, url, 2).status_code == 200
        refused = _push(client, url, 3)
        assert refused.status_code == 429
        assert 55 <= int(refused.headers["Retry-After"]) <= 60


def test_evenly_paced_client_over_http_gets_no_429(client: httpx.Client) -> None:
    # 1200 a minute is 20 a second: one request every 50 ms for 1.5 s.
    with SandboxServer(SandboxConfig(rate_limit_per_minute=1200)) as sandbox:
        url = sandbox.url("push/x")
        start = time.monotonic()
        statuses = []
        for n in range(30):
            delay = start + n * 0.05 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            statuses.append(_push(client, url, n).status_code)
        assert statuses == [200] * 30


def test_simulators_are_limited_separately(client: httpx.Client) -> None:
    with SandboxServer(SandboxConfig(rate_limit_per_minute=60)) as sandbox:
        assert [_push(client, sandbox.url("push/x"), n).status_code for n in range(2)] == [200] * 2
        answer = client.post(
            sandbox.url("influencersoft/demo") + "/api/addupdatelead",
            data={"rpsKey": "sandbox-key", "lead_email": "a@example.com"},
        )
        assert answer.status_code == 200
