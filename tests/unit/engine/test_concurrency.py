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


def test_waiters_are_served_in_arrival_order_and_only_as_many_as_fit() -> None:
    async def scenario() -> list[str]:
        slots = AdaptiveConcurrency(1)
        order: list[str] = []

        async def worker(name: str) -> None:
            await slots.acquire()
            order.append(name)
            await asyncio.sleep(0)
            await slots.release()

        await slots.acquire()
        tasks = [asyncio.create_task(worker(n)) for n in "abc"]
        await asyncio.sleep(0)  # all three are waiting now
        await slots.release()
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(scenario()) == ["a", "b", "c"]


def test_a_cancelled_waiter_gives_its_place_to_the_next() -> None:
    async def scenario() -> bool:
        slots = AdaptiveConcurrency(1)
        await slots.acquire()
        cancelled = asyncio.create_task(slots.acquire())
        waiting = asyncio.create_task(slots.acquire())
        await asyncio.sleep(0)
        cancelled.cancel()
        await slots.release()
        await asyncio.wait_for(waiting, timeout=1)
        return cancelled.cancelled()

    assert asyncio.run(scenario()) is True
