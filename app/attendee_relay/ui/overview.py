"""What the main window shows, read off the GUI thread: the connectors and the recent runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from attendee_relay.core.glossary import run_status

if TYPE_CHECKING:  # the models pull in pydantic: imported on the worker thread, after start-up
    from attendee_relay.core.history.models import RunInfo
    from attendee_relay.core.profiles import ConnectorProfile

RECENT_RUNS = 30

#: A run status as a coordinator reads it (the glossary lives in core.glossary).
run_status_text = run_status


@dataclass(frozen=True, slots=True)
class Overview:
    """Connectors (sorted by name), recent runs (newest first) and each connector's last run."""

    profiles: list[ConnectorProfile]
    runs: list[RunInfo]
    last_run: dict[str, RunInfo] = field(default_factory=dict)


def load_overview(limit: int = RECENT_RUNS) -> Overview:
    """Read profiles and recent runs; call on a worker thread (the history is SQLite)."""
    from attendee_relay.core.history import HistoryStore
    from attendee_relay.core.profiles import ProfileStore

    profiles = ProfileStore().list()
    store = HistoryStore()
    try:
        runs = store.list_runs(limit)
    finally:
        store.close()
    last: dict[str, RunInfo] = {}
    for run in runs:  # newest first: the first seen per connector is its last run
        last.setdefault(run.connector, run)
    return Overview(profiles, runs, last)


def when_text(iso: str | None) -> str:
    """A stored UTC time (ISO 8601) as local ``YYYY-MM-DD HH:MM``."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]
