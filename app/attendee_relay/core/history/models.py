"""Typed views of what the history holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from attendee_relay.core.records import MappedRecord, RowStatus


@dataclass(frozen=True, slots=True)
class RowInsert:
    """A row as the prepare step leaves it: pending, refused or skipped, with its data."""

    row_number: int
    status: RowStatus
    source: dict[str, str]
    record: dict[str, str | list[str]]
    identity: str = ""
    fingerprint: str = ""
    batch_key: str | None = None
    reason: str = ""
    warnings: str = ""
    #: Against earlier deliveries of the same person: "" (new), "update", "unchanged" or
    #: "changed_not_sent" (changed, on a platform that cannot update a record).
    change: str = ""


@dataclass(slots=True)
class RunCounts:
    """How many rows of a run are in each state."""

    total: int = 0
    pending: int = 0
    in_flight: int = 0
    delivered: int = 0
    refused: int = 0
    failed: int = 0
    uncertain: int = 0
    skipped: int = 0
    #: Extra copies the platform may hold: rows sent again after an answer was lost, on a
    #: platform that cannot update a record (not a row status: these rows are also counted above).
    possible_duplicates: int = 0
    #: Delivered rows that updated a record delivered before (its content had changed).
    updated: int = 0
    #: Skipped rows whose record was delivered before exactly as it is.
    unchanged: int = 0
    #: Skipped rows whose record changed since it was delivered, on a platform that cannot
    #: update a record (sent only with --resend-changed).
    changed_not_sent: int = 0

    @property
    def unsettled(self) -> int:
        """Rows a resume would still send."""
        return self.pending + self.in_flight + self.uncertain + self.failed


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One run as the history shows it."""

    run_id: int
    kind: str
    connector: str
    platform: str
    dedupe_scope: str
    status: str
    message: str
    source_name: str
    source_path: str
    source_sha256: str
    headers: list[str]
    mapping_json: str
    settings: dict[str, object]
    created_at: str
    started_at: str | None
    finished_at: str | None
    parent_run_id: int | None
    counts: RunCounts = field(default_factory=RunCounts)
    #: The source file's size in bytes when the run started (-1: not recorded).
    source_size: int = -1
    #: How the source is read (encoding, delimiter, sheet, header row, force), for a resume.
    reading: dict[str, object] = field(default_factory=dict)
    #: Source rows in the history so far, and the number of the last one.
    rows_read: int = 0
    last_row_read: int = 0
    #: False until the last row of the source is in the history.
    fully_read: bool = True


@dataclass(frozen=True, slots=True)
class RowView:
    """One row of a run with its fate."""

    run_id: int
    row_number: int
    status: RowStatus
    identity: str
    attempts: int
    reason: str
    warnings: str
    answer: str
    links: dict[str, str]
    remote_id: str
    settled: str
    source: dict[str, str]
    record: dict[str, str | list[str]]
    batch_key: str | None


@dataclass(frozen=True, slots=True)
class PendingRow:
    """A row waiting to be sent, with the key that groups it with others into one request."""

    record: MappedRecord
    batch_key: str | None
    fingerprint: str
