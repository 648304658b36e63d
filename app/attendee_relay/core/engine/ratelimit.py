"""Client-side pacing so a run is as fast as the platform allows and no faster.

Two rules together: requests are spaced evenly (60 / rate seconds apart, no burst credit after an
idle spell), and no 60-second window ever holds more than ``rate`` requests. Even spacing satisfies
servers that count per second; the window rule closes the fencepost gap of per-minute counters.
A server's Retry-After pushes every caller back (``hold_until``).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

WINDOW_S = 60.0


class RateLimiter:
    """Paces ``acquire()`` callers to at most ``per_minute`` a minute (0 = unlimited)."""

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.per_minute = per_minute
        self._interval = WINDOW_S / per_minute if per_minute > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._not_before = 0.0
        self._recent: deque[float] = deque()
        self._lock = asyncio.Lock()

    def hold_until(self, moment: float) -> None:
        """Nobody starts a request before ``moment`` (a monotonic time), e.g. after a 429."""
        self._not_before = max(self._not_before, moment)

    async def acquire(self) -> None:
        if self.per_minute <= 0 and self._not_before <= self._clock():
            return  # no limit and no Retry-After pending: nothing to wait for, no lock to take
        async with self._lock:
            while True:
                now = self._clock()
                wait = max(self._not_before - now, self._next_slot - now, self._window_wait(now))
                if wait <= 0:
                    break
                await self._sleep(wait)
            if self.per_minute > 0:
                # Stay on the grid when the event loop woke us a little late (else every late
                # wake-up is lost for good and the run falls short of the rate); after a real
                # idle spell start afresh, so no burst is saved up.
                on_grid = now - self._next_slot < self._interval
                self._next_slot = (self._next_slot if on_grid else now) + self._interval
                self._recent.append(now)

    def _window_wait(self, now: float) -> float:
        if self.per_minute <= 0:
            return 0.0
        while self._recent and self._recent[0] <= now - WINDOW_S:
            self._recent.popleft()
        if len(self._recent) < self.per_minute:
            return 0.0
        return self._recent[0] + WINDOW_S - now
