"""Backoff schedule and Retry-After parsing."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from attendee_relay.core.engine.retry import RetryPolicy, parse_retry_after


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(base_s=0.5, cap_s=4.0)
    rng = random.Random(1)

    delays = [policy.delay(n, None, rng) for n in range(1, 8)]

    for n, delay in enumerate(delays, start=1):
        full = min(4.0, 0.5 * 2 ** (n - 1))
        assert full / 2 <= delay <= full


def test_retry_after_wins_over_the_schedule() -> None:
    assert RetryPolicy().delay(1, 7.0) == 7.0


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:10 GMT", now=now) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
