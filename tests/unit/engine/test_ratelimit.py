"""The client-side pacing: even spacing and a 60-second window, on a fake clock."""

from __future__ import annotations

import asyncio
import itertools

from attendee_relay.core.engine.ratelimit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def starts(limiter: RateLimiter, clock: FakeClock, count: int) -> list[float]:
    async def go() -> list[float]:
        times = []
        for _ in range(count):
            await limiter.acquire()
            times.append(clock.now)
        return times

    return asyncio.run(go())


def test_requests_are_spaced_evenly_at_the_configured_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(120, clock=clock, sleep=clock.sleep)

    times = starts(limiter, clock, 10)

    gaps = [round(b - a, 6) for a, b in itertools.pairwise(times)]
    assert gaps == [0.5] * 9


def test_no_sixty_second_window_holds_more_than_the_limit() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, clock=clock, sleep=clock.sleep)

    times = starts(limiter, clock, 95)

    for i, start in enumerate(times):
        in_window = [t for t in times[i:] if t < start + 60]
        assert len(in_window) <= 30


def test_an_idle_spell_gives_no_burst_credit() -> None:
    clock = FakeClock()
    limiter = RateLimiter(60, clock=clock, sleep=clock.sleep)
    starts(limiter, clock, 1)
    clock.now += 30  # idle

    times = starts(limiter, clock, 3)

    assert [round(b - a, 6) for a, b in itertools.pairwise(times)] == [1.0, 1.0]


def test_hold_until_delays_everyone_after_a_retry_after() -> None:
    clock = FakeClock()
    limiter = RateLimiter(0, clock=clock, sleep=clock.sleep)
    limiter.hold_until(clock.now + 5)

    times = starts(limiter, clock, 2)

    assert times == [1005.0, 1005.0]


def test_zero_means_unlimited() -> None:
    clock = FakeClock()
    limiter = RateLimiter(0, clock=clock, sleep=clock.sleep)

    assert starts(limiter, clock, 50) == [1000.0] * 50


def test_late_wake_ups_do_not_lower_the_rate() -> None:
    clock = FakeClock()

    async def late_sleep(seconds: float) -> None:
        clock.now += seconds + 0.05  # the event loop always wakes 50 ms late

    limiter = RateLimiter(60, clock=clock, sleep=late_sleep)

    times = starts(limiter, clock, 61)

    assert times[-1] - times[0] < 60.1  # 60 intervals of 1 s, not 60 x 1.05 s
