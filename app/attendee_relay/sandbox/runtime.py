"""The live sandbox: current config, recorded state, rate limiters and fault plan, in one place."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.faults import FaultPlan
from attendee_relay.sandbox.ratelimit import SlidingWindowLimiter
from attendee_relay.sandbox.state import SandboxState


class SandboxRuntime:
    """Shared by the request handlers and by ``SandboxServer``; safe to use from any thread."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self._lock = threading.Lock()
        self._config = config or SandboxConfig()
        self.state = SandboxState()
        self._faults = FaultPlan(self._config)
        self._limiters: dict[str, SlidingWindowLimiter] = {}

    @property
    def config(self) -> SandboxConfig:
        """The config in force (an immutable snapshot)."""
        return self._config

    def configure(self, changes: Mapping[str, Any]) -> SandboxConfig:
        """Apply changes atomically; a changed seed reseeds, a new fault_script replaces the old.

        Raises:
            ValueError: an unknown setting or a bad value; nothing is changed then.
        """
        with self._lock:
            new = self._config.with_changes(changes)
            self._config = new
            if "seed" in changes:
                self._faults.restart(new)
            elif "fault_script" in changes:
                self._faults.load_script(new.fault_script)
            return new

    def reset(self) -> None:
        """Forget everything recorded and every past request; replay faults from the start."""
        with self._lock:
            self.state.reset()
            self._faults.restart(self._config)
            for limiter in self._limiters.values():
                limiter.reset()

    def next_fault(self) -> str:
        """The fault for the next simulated call (see ``FaultPlan.next``)."""
        with self._lock:
            return self._faults.next(self._config)

    def admit(self, platform: str) -> int | None:
        """Rate-limit a call to one simulator: None to go on, or the seconds for Retry-After."""
        config = self._config
        with self._lock:
            limiter = self._limiters.setdefault(platform, SlidingWindowLimiter())
            return limiter.admit(
                config.rate_limit_per_minute,
                config.burst_limit,
                config.rate_limit_tolerance_ms / 1000.0,
            )

    def received(self) -> dict[str, Any]:
        """Everything recorded, plus how many scripted faults are still to come."""
        snapshot = self.state.snapshot()
        with self._lock:
            snapshot["stats"]["fault_script_left"] = self._faults.script_left
        return snapshot
