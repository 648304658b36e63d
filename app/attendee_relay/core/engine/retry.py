"""When to try again and how long to wait: exponential backoff with jitter, Retry-After honoured."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

#: HTTP statuses that mean "not now" rather than "never": the engine retries them itself.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff schedule: attempt n waits about base * 2**(n-1) seconds, capped, with jitter."""

    max_attempts: int = 8
    base_s: float = 0.5
    cap_s: float = 30.0

    def delay(
        self, attempt: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        r = rng or random
        backoff = min(self.cap_s, self.base_s * 2 ** (attempt - 1)) * r.uniform(0.5, 1.0)
        # The server knows its own load better than our schedule does.
        return max(0.0, retry_after) if retry_after is not None else backoff


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None if absent or odd."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
