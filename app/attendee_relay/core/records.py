"""Plain data that flows through an import: source rows, mapped records and their outcomes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

#: A mapped value: text, or several texts for multi-valued targets (e.g. a 10times answer list).
FieldValue = str | list[str]


@dataclass(slots=True)
class SourceRow:
    """One data row of a source file, values kept as text exactly as read.

    Not frozen: a frozen dataclass pays a guarded ``object.__setattr__`` per field on every
    construction, a third of the reader's own cost per row. Treat it as read-only all the same.

    Attributes:
        number: 1-based data row number as a coordinator sees it in a spreadsheet
            (the header is row 1, so the first data row is 2 for a file with one header line).
        values: header -> cell text, in header order. Short rows are padded with "".
        extra_cells: cells beyond the header's width (reported, never silently dropped).
    """

    number: int
    values: dict[str, str]
    extra_cells: tuple[str, ...] = ()


@dataclass(slots=True)
class MappedRecord:
    """A row after mapping: target field name -> value, plus where it came from."""

    row_number: int
    fields: dict[str, FieldValue]
    source: dict[str, str] = field(default_factory=dict)


class RowStatus(enum.StrEnum):
    """Lifecycle of a row in the history. Terminal: delivered, refused, failed, skipped."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DELIVERED = "delivered"
    REFUSED = "refused"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    SKIPPED = "skipped"


class OutcomeKind(enum.StrEnum):
    """What a platform's answer means for one record."""

    DELIVERED = "delivered"  # accepted by the platform
    REFUSED = "refused"  # the row's own fault: do not retry
    RETRY = "retry"  # passing problem for this record: try again later


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """The platform's verdict on one record of a batch.

    Attributes:
        row_number: which record this is about.
        kind: delivered, refused or retry.
        reason: one sentence for a coordinator (empty when delivered without remark).
        answer: the platform's answer in short (e.g. ``status=1`` or ``error_code=0 OK``).
        links: useful things the platform returned, e.g. ``{"floorLink": "https://..."}``.
        remote_id: the platform's id of the record, if it returned one.
    """

    row_number: int
    kind: OutcomeKind
    reason: str = ""
    answer: str = ""
    links: dict[str, str] = field(default_factory=dict)
    remote_id: str = ""
