"""What the iVvy simulator stores: contacts with their subscription groups, leads, batches, and
events with registrations and attendees, as iVvy's developer docs (``vendor-docs/ivvy``) describe.

One lock: handlers write on the server's loop, tests read from their thread.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field
from typing import Any

#: Registration ``currentStatus`` codes (events/get-registration-list.md, "Registration Current
#: Status Details").
IN_PROGRESS, COMPLETED, PAYMENT_WAITING = 1, 2, 4


def now_timestamp() -> str:
    """iVvy's timestamp format, in UTC (development-reference/timestamp-format.md)."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


class ContactNotFound(LookupError):
    """An ``id`` that names no contact."""


@dataclass
class IvvyBatch:
    """A submitted batch job: its jobs, when it is due, and its results once run."""

    jobs: list[dict[str, Any]]
    due: float
    results: list[dict[str, Any]] | None = None
    restarts: int = 0


@dataclass
class IvvyEvent:
    """One event: registrations (``getRegistrationList``) and attendees (``getAttendeeList``)."""

    registrations: list[dict[str, Any]] = field(default_factory=list)
    attendees: list[dict[str, Any]] = field(default_factory=list)


def _same(a: object, b: object) -> bool:
    return str(a or "").strip().lower() == str(b or "").strip().lower()


class IvvyStore:
    """iVvy contacts, leads, batches, events and every call seen."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.contacts: dict[int, dict[str, Any]] = {}
        self.leads: list[dict[str, Any]] = []
        self.batches: dict[str, IvvyBatch] = {}
        self.events: dict[int, IvvyEvent] = {}
        self.calls: list[dict[str, Any]] = []  # namespace, action, signature_ok
        self.writes = 0
        self._next_id = 1000

    def next_id(self) -> int:
        with self.lock:
            self._next_id += 1
            return self._next_id

    def find_same_person(self, params: dict[str, Any]) -> int | None:
        """The contact with the same first name, last name and e-mail: what ``updateIfExists``
        matches on (contact/add-or-update-contact.md)."""
        with self.lock:
            for ident, c in self.contacts.items():
                if all(_same(c.get(k), params.get(k)) for k in ("firstName", "lastName", "email")):
                    return ident
            return None

    def upsert(self, params: dict[str, Any]) -> tuple[int, bool]:
        """``addOrUpdateContact``: update the contact ``id`` names, or (without an id) the same
        person when ``updateIfExists`` is true, else add a contact. ``groups``, when sent,
        REPLACES the contact's subscription groups ("This list will override any groups
        currently set for the contact").

        Returns:
            The contact's id and whether it was created.

        Raises:
            ContactNotFound: ``id`` names no contact.
        """
        with self.lock:
            ident: int | None
            if params.get("id") not in (None, ""):
                ident = params["id"]
                if not isinstance(ident, int) or ident not in self.contacts:
                    raise ContactNotFound(str(params["id"]))
            elif params.get("updateIfExists") is True:
                ident = self.find_same_person(params)
            else:
                ident = None
            created = ident is None
            if ident is None:
                ident = self.next_id()
                self.contacts[ident] = {"id": ident, "groups": []}
            contact = self.contacts[ident]
            for key, value in params.items():
                if key in ("id", "updateIfExists", "groups"):
                    continue
                contact[key] = copy.deepcopy(value)
            if "groups" in params:
                contact["groups"] = self._memberships(ident, params.get("groups"), contact)
            contact["modifiedDate"] = now_timestamp()
            contact["writes"] = contact.get("writes", 0) + 1
            self.writes += 1
            return ident, created

    @staticmethod
    def _memberships(ident: int, groups: object, contact: dict[str, Any]) -> list[dict[str, Any]]:
        """The contact's groups set to exactly ``groups`` (each ``{"groupId": n}``)."""
        joined = {g["groupId"]: g["joinDate"] for g in contact.get("groups", [])}
        items = groups if isinstance(groups, list) else []
        wanted = [g.get("groupId") for g in items if isinstance(g, dict)]
        return [
            {"contactId": ident, "groupId": gid, "joinDate": joined.get(gid, now_timestamp())}
            for gid in dict.fromkeys(wanted)
            if gid is not None
        ]

    def add_to_group(self, group: int, contact_ids: list[Any]) -> list[dict[str, Any]]:
        """``addContactsToSubscriptionGroup``: one ``{contactId, status}`` per contact given;
        status false for a contact that does not exist. A member stays a member (true)."""
        answer = []
        with self.lock:
            for raw in contact_ids:
                contact = self.contacts.get(raw) if isinstance(raw, int) else None
                if contact is None:
                    answer.append({"contactId": raw, "status": False})
                    continue
                if all(g["groupId"] != group for g in contact["groups"]):
                    contact["groups"].append(
                        {"contactId": raw, "groupId": group, "joinDate": now_timestamp()}
                    )
                    contact["modifiedDate"] = now_timestamp()
                answer.append({"contactId": raw, "status": True})
        return answer

    def group_ids(self, ident: int) -> list[int]:
        """The subscription groups contact ``ident`` belongs to (for tests)."""
        with self.lock:
            return [g["groupId"] for g in self.contacts[ident]["groups"]]

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "contacts": copy.deepcopy(list(self.contacts.values())),
                "leads": copy.deepcopy(self.leads),
                "batches": len(self.batches),
                "calls": copy.deepcopy(self.calls),
            }
