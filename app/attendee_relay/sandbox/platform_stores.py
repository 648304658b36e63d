"""What the iVvy and ExpoPlatform simulators store: contacts, leads, batches, visitors, categories.

Each store has its own lock: handlers write on the server's loop, tests read from their thread.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class IvvyBatch:
    """A submitted batch job: its jobs, when it is due, and its results once run."""

    jobs: list[dict[str, Any]]
    due: float
    results: list[dict[str, Any]] | None = None
    restarts: int = 0


class IvvyStore:
    """iVvy contacts (upserted by externalId, then e-mail), leads, batches and every call seen."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.contacts: dict[int, dict[str, Any]] = {}
        self.leads: list[dict[str, Any]] = []
        self.batches: dict[str, IvvyBatch] = {}
        self.calls: list[dict[str, Any]] = []  # namespace, action, signature_ok
        self.writes = 0
        self._next_id = 1000

    def next_id(self) -> int:
        with self.lock:
            self._next_id += 1
            return self._next_id

    def find(self, external_id: str, email: str) -> int | None:
        """The contact with this externalId, else with this e-mail (case-insensitive)."""
        with self.lock:
            if external_id:
                for ident, c in self.contacts.items():
                    if c.get("externalId") == external_id:
                        return ident
            if email:
                for ident, c in self.contacts.items():
                    if str(c.get("email", "")).lower() == email.lower():
                        return ident
            return None

    def upsert(self, params: dict[str, Any]) -> tuple[int, bool]:
        """Store a contact; returns its id and whether it was created."""
        with self.lock:
            ident = params.get("id")
            if not isinstance(ident, int) or ident not in self.contacts:
                ident = self.find(
                    str(params.get("externalId") or ""), str(params.get("email") or "")
                )
            created = ident is None
            if ident is None:
                ident = self.next_id()
                self.contacts[ident] = {"id": ident}
            contact = self.contacts[ident]
            for key, value in params.items():
                if key not in ("id", "updateIfExists"):
                    contact[key] = copy.deepcopy(value)
            contact["modifiedDate"] = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
            contact["writes"] = contact.get("writes", 0) + 1
            self.writes += 1
            return ident, created

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "contacts": copy.deepcopy(list(self.contacts.values())),
                "leads": copy.deepcopy(self.leads),
                "batches": len(self.batches),
                "calls": copy.deepcopy(self.calls),
            }


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
