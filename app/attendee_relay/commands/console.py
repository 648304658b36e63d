"""Terminal output: results on stdout, progress and messages on stderr (so --json stays clean)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

from attendee_relay.commands.output_streams import json_ascii
from attendee_relay.core.engine.events import EngineEvent, LogLine, Progress


def say(message: str = "") -> None:
    print(message, file=sys.stdout)


def warn(message: str) -> None:
    print(message, file=sys.stderr)


def print_json(data: Any) -> None:
    # UTF-8 where stdout takes it; \u escapes where it cannot (a Windows code page), so the
    # JSON always parses and names come back intact.
    print(json.dumps(data, indent=2, ensure_ascii=json_ascii(), default=str))


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class ProgressPrinter:
    """A one-line progress bar with rate and ETA on a terminal; plain lines every few seconds when not."""

    def __init__(self, stream: TextIO | None = None, plain_every_s: float = 5.0) -> None:
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._plain_every = plain_every_s
        self._last_plain = 0.0
        self._bar_shown = False

    def __call__(self, event: EngineEvent) -> None:
        if isinstance(event, Progress):
            self._progress(event)
        elif isinstance(event, LogLine) and event.level == "error":
            self._line(event.message)

    def _progress(self, p: Progress) -> None:
        pct = 100.0 * p.done / p.total if p.total else 100.0
        text = (
            f"{p.done}/{p.total} rows ({pct:.0f}%) · {p.delivered} delivered · {p.refused} refused · "
            f"{p.failed} failed · {p.rate_per_s:.1f} rows/s · ETA {format_duration(p.eta_s)}"
            + (" · paused" if p.paused else "")
        )
        if self._tty:
            width = 24
            filled = int(width * pct / 100)
            bar = "█" * filled + "░" * (width - filled)
            self._stream.write(f"\r{bar} {text}\x1b[K")
            self._stream.flush()
            self._bar_shown = True
        else:
            now = time.monotonic()
            if now - self._last_plain >= self._plain_every or p.done == p.total:
                self._last_plain = now
                self._stream.write(text + "\n")
                self._stream.flush()

    def _line(self, message: str) -> None:
        self.close()
        self._stream.write(message + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._bar_shown:
            self._stream.write("\n")
            self._stream.flush()
            self._bar_shown = False
