"""Adaptive concurrency: halves on a 429, grows back one slot at a time."""

from __future__ import annotations

import asyncio

from attendee_relay.core.engine.concurrency import AdaptiveConcurrency


def test_a_throttle_halves_the_limit_and_successes_grow_it_back() -> None:
    async def scenario() -> list[int]:
        slots = AdaptiveConcurrency(8)
        seen = [slots.limit]
        await slots.acquire()
        await slots.release(throttled=True)
        seen.append(slots.limit)
        for _ in range(4 * 4):
            await slots.acquire()
            await slots.release()
        seen.append(slots.limit)
        return seen

    assert asyncio.run(scenario()) == [8, 4, 5]


def test_callers_wait_while_the_limit_is_reached() -> None:
    async def scenario() -> int:
        slots = AdaptiveConcurrency(2)
        peak = now = 0

        async def worker() -> None:
            nonlocal peak, now
            await slots.acquire()
            now += 1
            peak = max(peak, now)
            await asyncio.sleep(0.001)
            now -= 1
            await slots.release()

        await asyncio.gather(*(worker() for _ in range(10)))
        return peak

    assert asyncio.run(scenario()) == 2
