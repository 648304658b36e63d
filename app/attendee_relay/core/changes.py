"""Rows against what was delivered before: unchanged, an update, or a change that cannot be sent.

A re-imported file holds three kinds of rows for a connector and event that received it before:
rows exactly as delivered (skipped, ``unchanged``), new people (sent), and people whose record
has changed since (a corrected company, a new phone). Where the platform updates a record with
the same identity (ExpoPlatform, iVvy, InfluencerSoft), a changed row is sent as an ``update``.
Where it cannot (10times registers again, and may e-mail the attendee again), a changed row is
not sent unless asked (``--resend-changed``): it is skipped as ``changed_not_sent``, with what
changed (old -> new) so the coordinator can decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from attendee_relay.core.fields import TargetField
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.records import RowStatus

UPDATE = "update"
UNCHANGED = "unchanged"
CHANGED_NOT_SENT = "changed_not_sent"

#: Most fields named in one "what changed" text.
_SHOWN_CHANGES = 4


@dataclass(frozen=True, slots=True)
class Verdict:
    """How an otherwise valid row stands against earlier deliveries."""

    status: RowStatus
    change: str
    reason: str = ""
    note: str = ""  # for the row's warnings: what an update changes


class EarlierDeliveries:
    """What one connector and scope received before, looked up a chunk of rows at a time.

    Args:
        store: the history.
        connector_name: the connector's profile name; with ``scope`` it says where to look.
        scope: the connector's dedupe scope (usually the event).
        platform_title: the platform's name, for the reasons.
        updates: whether the platform updates a record with the same identity.
        resend_changed: send changed rows even where the platform cannot update them.
        fields: the connector's target fields, for labels in "what changed".
    """

    def __init__(
        self,
        store: HistoryStore,
        connector_name: str,
        scope: str,
        *,
        platform_title: str,
        updates: bool,
        resend_changed: bool,
        fields: Sequence[TargetField],
    ) -> None:
        self._store = store
        self._where = (connector_name, scope)
        self._title = platform_title
        self._updates = updates
        self._resend_changed = resend_changed
        self._labels = {f.name: f.label for f in fields}
        self._same: dict[str, int] = {}
        self._people: dict[str, tuple[int, dict[str, object]]] = {}

    def load(self, rows: Sequence[tuple[str, str]]) -> None:
        """Look up a chunk of valid rows, given as (fingerprint, identity) pairs."""
        connector, scope = self._where
        self._same = self._store.delivered_among(connector, scope, [fp for fp, _i in rows])
        others = [identity for fp, identity in rows if identity and fp not in self._same]
        self._people = self._store.delivered_records(connector, scope, others)

    def verdict(self, fingerprint: str, identity: str, record: Mapping[str, object]) -> Verdict:
        """The row's status and change kind; pending and new when nothing was delivered."""
        if fingerprint in self._same:
            run = self._same[fingerprint]
            return Verdict(RowStatus.SKIPPED, UNCHANGED, f"Already delivered in run {run}.")
        if not identity or identity not in self._people:
            return Verdict(RowStatus.PENDING, "")
        run, before = self._people[identity]
        what = self.describe(before, record)
        if self._updates or self._resend_changed:
            return Verdict(
                RowStatus.PENDING, UPDATE, note=f"Updates what run {run} delivered: {what}."
            )
        return Verdict(
            RowStatus.SKIPPED,
            CHANGED_NOT_SENT,
            f"Changed since run {run} delivered it ({what}); not sent again, as {self._title} "
            "cannot update it and would register the person a second time. "
            "--resend-changed sends it.",
        )

    def describe(self, before: Mapping[str, object], after: Mapping[str, object]) -> str:
        """What changed, as "Company: Acme -> Acme Ltd" for a few fields."""
        if not before:
            return "its earlier values are no longer in the history"
        changed = [
            f"{self._labels.get(name, name)}: {_text(before.get(name))} → {_text(after.get(name))}"
            for name in sorted(set(before) | set(after))
            if before.get(name) != after.get(name)
        ]
        if not changed:
            return "the same values, sent differently"
        more = len(changed) - _SHOWN_CHANGES
        return "; ".join(changed[:_SHOWN_CHANGES]) + (f"; and {more} more" if more > 0 else "")


def _text(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
