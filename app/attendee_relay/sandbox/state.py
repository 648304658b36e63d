"""What the simulators received and stored, readable from any thread.

Handlers write on the server's event loop; tests read from their own thread, even after the server
stopped, so every access takes one lock and readers get deep copies.
"""

from __future__ import annotations

import copy
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from attendee_relay.sandbox.ivvy_store import IvvyStore
from attendee_relay.sandbox.oauth_state import OAuthServerState
from attendee_relay.sandbox.platform_stores import ExpoStore


@dataclass
class _Contact:
    fields: dict[str, str] = field(default_factory=dict)
    lists: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    writes: int = 0


class SandboxState:
    """Recorded registrations, contacts, pushed leads and request counters."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._tentimes: list[dict[str, Any]] = []
        self._registrations: Counter[tuple[str, str]] = Counter()
        self._contacts: dict[str, dict[str, _Contact]] = {}
        self._influencersoft_requests: list[dict[str, Any]] = []
        self._pushed: list[dict[str, Any]] = []
        self._stats: Counter[str] = Counter()
        self.ivvy = IvvyStore()
        self.expoplatform = ExpoStore()
        self.oauth = OAuthServerState()
        self._gevme_touched: dict[tuple[str, int], str] = {}

    def reset(self) -> None:
        """Forget everything recorded."""
        with self._lock:
            self._clear()

    def count(self, name: str) -> None:
        """Add one to a named counter (requests seen, 429s answered, faults injected, …)."""
        with self._lock:
            self._stats[name] += 1

    # 10times ---------------------------------------------------------------------------------

    def add_registration(
        self, event: str, channel: str, attendee: dict[str, Any], billing: Any, floor_link: str
    ) -> int:
        """Keep one registered attendee; returns how often this (event, email) is now registered."""
        email = str(attendee.get("email", "")).strip().lower()
        with self._lock:
            self._registrations[(event, email)] += 1
            self._tentimes.append(
                {
                    "event": event,
                    "channel": channel,
                    "attendee": copy.deepcopy(attendee),
                    "billing": copy.deepcopy(billing),
                    "floorLink": floor_link,
                }
            )
            return self._registrations[(event, email)]

    def registration_count(self, event: str, email: str) -> int:
        """How many times (event, email) has been registered so far (0 if never)."""
        with self._lock:
            return self._registrations[(event, email.strip().lower())]

    def registrations(self, event: str | int) -> dict[str, int]:
        """Registrations of one event: lower-cased email -> count."""
        wanted = str(event)
        with self._lock:
            return {e: n for (ev, e), n in self._registrations.items() if ev == wanted}

    # InfluencerSoft --------------------------------------------------------------------------

    def upsert_contact(
        self,
        account: str,
        email: str,
        *,
        fields: dict[str, str],
        add_lists: list[str],
        remove_lists: list[str],
        add_tags: list[str],
        remove_tags: list[str],
    ) -> bool:
        """Create or update a contact by email; returns True when it was created.

        Fields sent replace stored ones, fields not sent are kept. Lists and tags are added first,
        then removed, so naming one in both leaves it out.
        """
        key = email.strip().lower()
        with self._lock:
            contacts = self._contacts.setdefault(account, {})
            created = key not in contacts
            contact = contacts.setdefault(key, _Contact())
            contact.fields.update(fields)
            contact.lists.update(add_lists)
            contact.lists.difference_update(remove_lists)
            contact.tags.update(add_tags)
            contact.tags.difference_update(remove_tags)
            contact.writes += 1
            self._influencersoft_requests.append(
                {"account": account, "email": key, "fields": dict(fields), "created": created}
            )
            return created

    def contacts(self, account: str) -> dict[str, dict[str, Any]]:
        """Contacts of one account by lower-cased email: fields, sorted lists and tags, writes."""
        with self._lock:
            return {email: _contact_json(c) for email, c in self._contacts.get(account, {}).items()}

    # Push ------------------------------------------------------------------------------------

    def add_pushed(self, path: str, lead: Any, headers: dict[str, str]) -> None:
        """Keep one lead the push receiver accepted."""
        with self._lock:
            self._pushed.append(
                {"path": path, "lead": copy.deepcopy(lead), "headers": dict(headers)}
            )

    def pushed(self) -> list[dict[str, Any]]:
        """Leads received by the push receiver, in arrival order."""
        with self._lock:
            return copy.deepcopy(self._pushed)

    # GEVME -----------------------------------------------------------------------------------

    def touch_attendee(self, event: str, index: int, modified_at: str) -> None:
        """Mark GEVME attendee ``index`` of ``event`` as modified at ``modified_at`` (ISO 8601)."""
        with self._lock:
            self._gevme_touched[(str(event), index)] = modified_at

    def touched_attendees(self, event: str) -> dict[int, str]:
        """GEVME attendees of ``event`` modified since generation: index -> modifiedAt."""
        with self._lock:
            return {i: t for (ev, i), t in self._gevme_touched.items() if ev == str(event)}

    # Everything ------------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Everything recorded, as plain JSON values."""
        with self._lock:
            registrations: dict[str, dict[str, int]] = {}
            for (event, email), n in self._registrations.items():
                registrations.setdefault(event, {})[email] = n
            return {
                "10times": {
                    "attendees": copy.deepcopy(self._tentimes),
                    "registrations": registrations,
                },
                "influencersoft": {
                    "contacts": {
                        account: {email: _contact_json(c) for email, c in contacts.items()}
                        for account, contacts in self._contacts.items()
                    },
                    "requests": copy.deepcopy(self._influencersoft_requests),
                },
                "push": {"leads": copy.deepcopy(self._pushed)},
                "ivvy": self.ivvy.snapshot(),
                "expoplatform": self.expoplatform.snapshot(),
                "gevme": {"oauth": self.oauth.snapshot()},
                "stats": dict(self._stats),
            }


def _contact_json(contact: _Contact) -> dict[str, Any]:
    return {
        "fields": dict(contact.fields),
        "lists": sorted(contact.lists),
        "tags": sorted(contact.tags),
        "writes": contact.writes,
    }
