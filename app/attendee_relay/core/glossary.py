"""The glossary of states a person reads, shared by the window and the command line: the history
stores ``completed_with_errors``; people read "Completed with errors"."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attendee_relay.core.history.models import RunInfo

#: A run's state as a coordinator reads it (the history stores the keys).
RUN_STATUS = {
    "preparing": "Preparing",
    "ready": "Ready",
    "running": "Running",
    "interrupted": "Interrupted (can be resumed)",
    "interrupted_reading": "Stopped while reading the file (can be resumed)",
    "partly_read": "Stopped while reading: the file has changed",
    "stopped": "Stopped (can be resumed)",
    "completed": "Completed",
    "completed_with_errors": "Completed with errors",
}

#: A row's state as a coordinator reads it.
ROW_STATUS = {
    "pending": "Not sent yet",
    "in_flight": "Being sent",
    "delivered": "Delivered",
    "refused": "Refused",
    "failed": "Failed",
    "uncertain": "Uncertain",
    "skipped": "Skipped",
}


#: The same states for a run that cannot be resumed (a test record: there is nothing to resume).
_FINAL = {"interrupted": "Interrupted", "stopped": "Stopped"}


def run_status(status: str, *, resumable: bool = True) -> str:
    """A run's state in words; an unknown one is still shown without underscores.

    Args:
        resumable: whether this run can be resumed at all (test records cannot): if not, its
            state does not promise it.
    """
    if not resumable and status in _FINAL:
        return _FINAL[status]
    return RUN_STATUS.get(status, status.replace("_", " ").capitalize())


def run_status_of(run: RunInfo) -> str:
    """A run's state in words, saying "can be resumed" only where it can."""
    return run_status(run.status, resumable=run.kind != "push")


def row_status(status: str) -> str:
    """A row's state in words."""
    return ROW_STATUS.get(status, status.replace("_", " ").capitalize())


def taken_and_rate(info: RunInfo, delivered: int) -> str:
    """How long the run took and how fast it delivered ("in 12 s, 40 rows/s"), or "" while
    it has not ended (or its times cannot be read)."""
    if not info.started_at or not info.finished_at:
        return ""
    try:
        seconds = (
            datetime.fromisoformat(info.finished_at) - datetime.fromisoformat(info.started_at)
        ).total_seconds()
    except ValueError:
        return ""
    taken = f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.1f} min"
    rate = f", {delivered / seconds:,.0f} rows/s" if seconds >= 1 and delivered else ""
    return f"in {taken}{rate}"


#: Nouns whose plural is not the noun + "s" (the last word of a phrase is the one that changes).
_PLURALS = {"entry": "entries", "category": "categories", "try": "tries", "copy": "copies"}


def plural(noun: str) -> str:
    """The plural of ``noun`` ("row" -> "rows", "extra copy" -> "extra copies")."""
    last = noun.rsplit(" ", 1)[-1]
    return noun[: len(noun) - len(last)] + _PLURALS.get(last, last + "s")


def count_of(value: int, noun: str) -> str:
    """``value`` grouped by thousands with ``noun`` in the right number: "1 row", "12,000 rows".
    (The window groups digits by the locale: ``ui.words.count``.)"""
    return f"{value:,} {noun if value == 1 else plural(noun)}"
