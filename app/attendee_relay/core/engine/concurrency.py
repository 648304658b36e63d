"""How many requests may be in flight right now: ``max_concurrency`` at most, halved when the
platform says 429, grown back one at a time while it keeps answering (AIMD, as TCP does).

Platforms rarely publish their limits; this lets a run start fast and settle at what the
platform tolerates instead of hammering it or crawling.
"""

from __future__ import annotations

import asyncio
from collections import deque


class AdaptiveConcurrency:
    """A semaphore whose size shrinks on throttling and recovers on success.

    Waiters are served first come, first served, and a release wakes only as many as can go:
    waking them all to re-check (a condition's ``notify_all``) cost several task switches per
    request at a few hundred requests a second.
    """

    def __init__(self, maximum: int) -> None:
        self.maximum = max(1, maximum)
        self.limit = self.maximum
        self._in_use = 0
        self._successes = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> None:
        if self._in_use < self.limit and not self._waiters:
            self._in_use += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter  # the releaser counted this slot as ours before waking us
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._in_use -= 1  # woken and cancelled at once: hand the slot on
                self._wake()
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    async def release(self, *, throttled: bool = False) -> None:
        self._in_use -= 1
        if throttled:
            self.limit = max(1, self.limit // 2)
            self._successes = 0
        else:
            self._successes += 1
            # One more slot after a few clean rounds at the current size.
            if self.limit < self.maximum and self._successes >= 4 * self.limit:
                self.limit += 1
                self._successes = 0
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self._in_use < self.limit:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._in_use += 1
                waiter.set_result(None)
