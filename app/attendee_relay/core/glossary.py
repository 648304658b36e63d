"""The glossary of states a person reads, shared by the window and the command line: the history
stores ``completed_with_errors``; people read "Completed with errors"."""

from __future__ import annotations

#: A run's state as a coordinator reads it (the history stores the keys).
RUN_STATUS = {
    "preparing": "Preparing",
    "ready": "Ready",
    "running": "Running",
    "interrupted": "Interrupted (can be resumed)",
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


def run_status(status: str) -> str:
    """A run's state in words; an unknown one is still shown without underscores."""
    return RUN_STATUS.get(status, status.replace("_", " ").capitalize())


def row_status(status: str) -> str:
    """A row's state in words."""
    return ROW_STATUS.get(status, status.replace("_", " ").capitalize())
