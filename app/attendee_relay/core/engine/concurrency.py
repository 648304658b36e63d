"""How many requests may be in flight right now: ``max_concurrency`` at most, halved when the
platform says 429, grown back one at a time while it keeps answering (AIMD, as TCP does).

Platforms rarely publish their limits; this lets a run start fast and settle at what the
platform tolerates instead of hammering it or crawling.
"""

from __future__ import annotations

import asyncio


class AdaptiveConcurrency:
    """A semaphore whose size shrinks on throttling and recovers on success."""

    def __init__(self, maximum: int) -> None:
        self.maximum = max(1, maximum)
        self.limit = self.maximum
        self._in_use = 0
        self._successes = 0
        self._changed = asyncio.Condition()

    async def acquire(self) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self._in_use < self.limit)
            self._in_use += 1

    async def release(self, *, throttled: bool = False) -> None:
        async with self._changed:
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
            self._changed.notify_all()
