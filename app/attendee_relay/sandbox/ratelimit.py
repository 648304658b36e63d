"""Sliding-window rate limit: N a minute, plus a 1-second burst guard, as a strict server would.

An evenly paced client never trips it; a client that fires everything at once gets 429s.
Refused requests are not counted, so a client that waits as told gets through.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """Admits a request when both windows have room; otherwise says how long to wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._minute: deque[float] = deque()
        self._second: deque[float] = deque()

    def reset(self) -> None:
        """Forget past requests."""
        self._minute.clear()
        self._second.clear()

    def admit(self, per_minute: int, burst: int, tolerance_s: float = 0.0) -> int | None:
        """Count this request if it fits, else return the seconds to wait (int, at least 1).

        Args:
            per_minute: requests allowed in any 60 s window (0 = no limit: always admitted).
            burst: requests allowed in any 1 s window.
            tolerance_s: shortens the 60 s window, forgiving network jitter of an exactly paced
                client.
        """
        if per_minute <= 0:
            return None
        now = self._clock()
        minute_span = 60.0 - tolerance_s
        while self._minute and self._minute[0] <= now - minute_span:
            self._minute.popleft()
        while self._second and self._second[0] <= now - 1.0:
            self._second.popleft()
        waits: list[float] = []
        if len(self._minute) >= per_minute:
            # Room appears when enough of the oldest requests leave the window.
            waits.append(self._minute[len(self._minute) - per_minute] + minute_span - now)
        if burst > 0 and len(self._second) >= burst:
            waits.append(self._second[len(self._second) - burst] + 1.0 - now)
        if waits:
            return max(1, math.ceil(max(waits)))
        self._minute.append(now)
        self._second.append(now)
        return None
