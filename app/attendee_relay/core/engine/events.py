"""Plain events the engine reports. The CLI prints them; the UI turns them into Qt signals."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a run stands. ``done`` counts rows settled in this session (delivered/refused/failed)."""

    done: int
    total: int
    delivered: int
    refused: int
    failed: int
    skipped: int
    in_flight: int
    rate_per_s: float
    eta_s: float | None
    paused: bool = False


@dataclass(frozen=True, slots=True)
class LogLine:
    """Something worth a line in a live log (a retry, a refused row, a setup stop)."""

    level: str  # "info" | "warning" | "error"
    message: str
    row_numbers: tuple[int, ...] = field(default=())


EngineEvent = Progress | LogLine
