"""Settling rows whose fate is unknown (in flight when a run stopped) by asking the platform.

An optional connector capability: a connector that can look a record up (iVvy by externalId or
e-mail, ExpoPlatform's ``exists``) lets a resume mark a row found on the platform delivered
instead of sending it again; rows not found are sent again, knowing no copy exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from attendee_relay.core.connector_api import HttpResponse, LookupConnector, LookupResult
from attendee_relay.core.errors import RelayError
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome, RowStatus

__all__ = [
    "LookupConnector",
    "LookupResult",
    "SettleReport",
    "lookup_connector",
    "settle_uncertain",
]


def lookup_connector(connector: object) -> LookupConnector | None:
    """``connector`` as a lookup connector, or None when it cannot look records up."""
    return connector if isinstance(connector, LookupConnector) else None


@dataclass(slots=True)
class SettleReport:
    """What settling found: rows marked delivered, rows to send again, rows it could not ask."""

    found: list[int] = field(default_factory=list)
    not_found: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    problem: str = ""

    @property
    def note(self) -> str:
        """One sentence for the resume's output."""
        parts = []
        if self.found:
            parts.append(f"{len(self.found)} found on the platform (marked delivered, not re-sent)")
        if self.not_found:
            parts.append(f"{len(self.not_found)} not found (sent again)")
        if self.unknown:
            parts.append(f"{len(self.unknown)} could not be checked (sent again)")
        text = "Uncertain rows: " + "; ".join(parts) + "." if parts else ""
        return f"{text} {self.problem}".strip()


def settle_uncertain(
    store: HistoryStore,
    run_id: int,
    connector: object,
    *,
    connector_name: str,
    scope: str,
    secrets: Mapping[str, str],
    transport: httpx.BaseTransport | None = None,
    timeout_s: float = 30.0,
) -> SettleReport:
    """Ask the platform about every uncertain row of ``run_id``; found rows become delivered.

    Rows not found (and rows that could not be asked) stay uncertain, for the resume to queue.
    A setup problem stops the asking (the resume will report it when it sends).
    """
    report = SettleReport()
    lookup = lookup_connector(connector)
    if lookup is None:
        return report
    rows = list(store.iter_rows(run_id, (RowStatus.UNCERTAIN,)))
    if not rows:
        return report
    found: list[tuple[RecordOutcome, RowStatus]] = []
    with httpx.Client(timeout=timeout_s, trust_env=False, transport=transport) as client:
        for view in rows:
            record = MappedRecord(view.row_number, dict(view.record), dict(view.source))
            if report.problem:
                report.unknown.append(view.row_number)
                continue
            try:
                # Built right before it is sent: a signature that covers the time stays fresh.
                request = lookup.lookup_request(record, secrets)
                raw = client.request(
                    request.method, request.url, headers=request.headers, content=request.body
                )
                result = lookup.read_lookup(
                    record, HttpResponse(raw.status_code, raw.headers, raw.content)
                )
            except (RelayError, httpx.HTTPError) as err:
                report.problem = f"Checking stopped: {err}"
                report.unknown.append(view.row_number)
                continue
            if result.found:
                report.found.append(view.row_number)
                found.append(
                    (
                        RecordOutcome(
                            view.row_number,
                            OutcomeKind.DELIVERED,
                            f"Found in {lookup.title} after the interruption; not sent again.",
                            "found by lookup",
                            remote_id=result.remote_id,
                        ),
                        RowStatus.DELIVERED,
                    )
                )
            else:
                report.not_found.append(view.row_number)
    if found:
        numbers = [o.row_number for o, _ in found]
        store.record_outcomes(
            run_id, connector_name, scope, found, store.fingerprints(run_id, numbers)
        )
    return report
