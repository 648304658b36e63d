"""What the ExpoPlatform simulator stores: visitors and categories per event.

Each store has its own lock: handlers write on the server's loop, tests read from their thread.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExpoEvent:
    """One ExpoPlatform event: its visitors by id and its visitor categories."""

    visitors: dict[int, dict[str, str]] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)


class ExpoStore:
    """ExpoPlatform visitors and categories per event, with the setter's CREATE/UPDATE log."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.events: dict[str, ExpoEvent] = {}
        self.log: list[dict[str, Any]] = []
        self._next_id = 5000

    def event(self, event_id: str) -> ExpoEvent:
        with self.lock:
            return self.events.setdefault(event_id, ExpoEvent())

    def next_id(self) -> int:
        with self.lock:
            self._next_id += 1
            return self._next_id

    def find(self, event_id: str, form: dict[str, str]) -> int | None:
        """Matched by ``id``, then ``external_id``, then ``email`` (seed 003 / API_NOTES)."""
        with self.lock:
            visitors = self.event(event_id).visitors
            if form.get("id", "").isdigit() and int(form["id"]) in visitors:
                return int(form["id"])
            for key in ("external_id", "email"):
                wanted = form.get(key, "").strip().lower()
                if wanted:
                    for ident, v in visitors.items():
                        if v.get(key, "").strip().lower() == wanted:
                            return ident
            return None

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                event_id: {
                    "visitors": copy.deepcopy(list(e.visitors.values())),
                    "categories": {str(k): v for k, v in e.categories.items()},
                }
                for event_id, e in self.events.items()
            } | {"log": copy.deepcopy(self.log)}
