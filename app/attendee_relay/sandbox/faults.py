"""Decide which fault, if any, the next simulated call gets: scripted first, then seeded random."""

from __future__ import annotations

import random
from collections import deque

from attendee_relay.sandbox.config import SandboxConfig

NO_FAULT = "none"
DROP_AFTER = "drop_after"


class FaultPlan:
    """The fault schedule of one sandbox: a script to play out, then a seeded random draw."""

    def __init__(self, config: SandboxConfig) -> None:
        self._random = random.Random(config.seed)
        self._script: deque[str] = deque(config.fault_script)

    def restart(self, config: SandboxConfig) -> None:
        """Reseed and reload the script, so a run can be repeated exactly."""
        self._random = random.Random(config.seed)
        self._script = deque(config.fault_script)

    def load_script(self, script: tuple[str, ...]) -> None:
        """Replace what is left of the script."""
        self._script = deque(script)

    @property
    def script_left(self) -> int:
        """Scripted calls not played yet."""
        return len(self._script)

    def next(self, config: SandboxConfig) -> str:
        """The fault for the next call: a kind of ``FAULT_KINDS``, ``drop_after`` or ``none``."""
        if self._script:
            return self._script.popleft()
        if config.fault_rate > 0 and self._random.random() < config.fault_rate:
            return self._random.choice(config.fault_kinds)
        if (
            config.drop_after_processing_rate > 0
            and self._random.random() < config.drop_after_processing_rate
        ):
            return DROP_AFTER
        return NO_FAULT
