"""Fixes from a spreadsheet: a corrected copy of a run's error report, taken back into that run.

The error report (``reports.write_error_report``) holds the file's columns as read, then the
row's number, status and reason. A coordinator corrects the bad cells in Excel and saves; the
corrected copy comes back with ``resume RUN_ID --fixes FIXED.csv``. Each row is matched to the
run by its number and checked to be the same row (most of its other cells unchanged, so a row
number typed over by mistake is caught), mapped and validated as the run's own rows were, and
queued to be sent in the same run: the run's counts go on describing the whole original list.

Rows left as they were stay as they were (refused with their reason); rows that are not rows of
the run, or do not match theirs, are refused here with a reason and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from attendee_relay.core.connector_api import Connector
from attendee_relay.core.csv_export import FORMULA_TRIGGERS
from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore, RowInsert, RowView, RunInfo
from attendee_relay.core.importing import checkers, record_fingerprint
from attendee_relay.core.mapping.compile import RecordMapper
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.records import RowStatus, SourceRow
from attendee_relay.core.sources import open_source
from attendee_relay.core.validation import RecordValidator

#: Statuses a fix can change: refused (its content) and failed (the platform's; sent again).
FIXABLE = (RowStatus.REFUSED, RowStatus.FAILED)


@dataclass(slots=True)
class FixesReport:
    """What a fixes file did to the run."""

    fixed: list[int] = field(default_factory=list)
    still_refused: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (row as written, reason)

    def in_words(self, name: str, shown: int = 20) -> list[str]:
        """What the fixes did, a line each (the command line and the app say the same)."""
        lines = [
            f"Fixes from {name}: {len(self.fixed)} fixed and queued, "
            f"{len(self.still_refused)} still refused, {self.unchanged} left as they were, "
            f"{len(self.rejected)} not taken."
        ]
        lines += [f"  row {n} still refused: {reason}" for n, reason in self.still_refused[:shown]]
        lines += [f"  row {w} not taken: {reason}" for w, reason in self.rejected[:shown]]
        return lines


def apply_fixes(store: HistoryStore, run_id: int, connector: Connector, path: Path) -> FixesReport:
    """Take the corrected rows of ``path`` into run ``run_id``: fixed rows become pending.

    Raises:
        InputError: the file cannot be read, or is not an error report of this run's file.
    """
    info = store.get_run(run_id)
    source = open_source(path)
    number_column = _number_column(info, source.info.headers, path)
    mapper, validator = checkers(connector, FieldMapping.from_json(info.mapping_json), info.headers)
    report = FixesReport()
    for fix in source.rows():
        written = fix.values.get(number_column, "").strip()
        original = _original_row(store, run_id, written)
        if isinstance(original, str):
            report.rejected.append((written or f"(line {fix.number})", original))
            continue
        values = {h: _unneutralized(fix.values.get(h, "")) for h in info.headers}
        if values == original.source:
            report.unchanged += 1
            continue
        if original.status not in FIXABLE:
            report.rejected.append(
                (written, f"Row {original.row_number} is {original.status.value}; left as it is.")
            )
            continue
        if not _same_row(original.source, values):
            report.rejected.append(
                (
                    written,
                    f"This does not look like row {original.row_number} of run {run_id}: most of "
                    "its cells differ. Was the Row column changed? Correct the cells, not the "
                    "row numbers.",
                )
            )
            continue
        _take_fix(
            store,
            run_id,
            connector,
            (mapper, validator),
            row_number=original.row_number,
            values=values,
            report=report,
        )
    return report


def apply_edits(
    store: HistoryStore,
    run_id: int,
    connector: Connector,
    edits: Mapping[int, Mapping[str, str]],
) -> FixesReport:
    """Take rows edited in the app (row number → the file's cells) into run ``run_id``.

    As ``apply_fixes``, without a file: the rows are known by their number, so no check that
    they are the same rows is needed. Rows not refused or failed are left as they are.
    """
    info = store.get_run(run_id)
    mapper, validator = checkers(connector, FieldMapping.from_json(info.mapping_json), info.headers)
    report = FixesReport()
    for row_number, cells in sorted(edits.items()):
        original = store.row(run_id, row_number)
        if original is None:
            report.rejected.append((str(row_number), f"Not a row of run {run_id}."))
            continue
        values = {h: cells.get(h, original.source.get(h, "")) for h in info.headers}
        if values == original.source:
            report.unchanged += 1
        elif original.status not in FIXABLE:
            report.rejected.append(
                (str(row_number), f"Row {row_number} is {original.status.value}; left as it is.")
            )
        else:
            _take_fix(
                store,
                run_id,
                connector,
                (mapper, validator),
                row_number=row_number,
                values=values,
                report=report,
            )
    return report


@dataclass(frozen=True, slots=True)
class RowCheck:
    """One edited row's verdict: why it would still be refused, and the file's columns at fault."""

    reasons: list[str]
    offending: list[str]


class RowChecker:
    """A run's own mapping and validation, for one row at a time as a person edits it."""

    def __init__(self, connector: Connector, info: RunInfo) -> None:
        self._connector = connector
        self._mapping = FieldMapping.from_json(info.mapping_json)
        self._headers = list(info.headers)
        labels = {f.name: (f.label or f.name).lower() for f in connector.target_fields()}
        #: (lower-case field label, the columns filling that field), longest label first, so
        #: "Company e-mail" is found before "E-mail".
        self._fields = sorted(
            (
                (labels.get(name, name.lower()), entry.source_columns())
                for name, entry in self._mapping.fields.items()
            ),
            key=lambda pair: -len(pair[0]),
        )

    def check(self, row_number: int, values: Mapping[str, str]) -> RowCheck:
        """Map and validate ``values`` as the run did its rows (duplicates within the file
        aside: a fresh validator each time, so a row is never a duplicate of itself)."""
        mapper, validator = checkers(self._connector, self._mapping, self._headers)
        record = mapper(SourceRow(row_number, dict(values), ()))
        reasons = list(validator.check(record).reasons)
        text = " ".join(reasons).lower()
        offending: list[str] = []
        for label, columns in self._fields:
            if label and label in text:
                offending += [c for c in columns if c not in offending]
                text = text.replace(label, "")
        return RowCheck(reasons, offending)


def _take_fix(
    store: HistoryStore,
    run_id: int,
    connector: Connector,
    checking: tuple[RecordMapper, RecordValidator],
    *,
    row_number: int,
    values: dict[str, str],
    report: FixesReport,
) -> None:
    """Map and validate a corrected row; it becomes pending (sent by the resume) or stays
    refused with its new reasons."""
    mapper, validator = checking
    record = mapper(SourceRow(row_number, values, ()))
    reasons = list(validator.check(record).reasons)
    identity = connector.identity(record) if not reasons else ""
    twin = store.row_with_identity(run_id, identity, other_than=row_number)
    if twin is not None:
        reasons.append(f"Same person as row {twin} of this run.")
    store.replace_row(
        run_id,
        RowInsert(
            row_number=row_number,
            status=RowStatus.REFUSED if reasons else RowStatus.PENDING,
            source=values,
            record=record.fields,
            identity=identity,
            fingerprint=record_fingerprint(record),
            batch_key=connector.batch_key(record) if not reasons else None,
            reason=" ".join(reasons),
        ),
    )
    if reasons:
        report.still_refused.append((row_number, " ".join(reasons)))
    else:
        report.fixed.append(row_number)


def _number_column(info: RunInfo, headers: list[str], path: Path) -> str:
    """The fixes file's "Row" column: the first after the run's own columns, as the report
    writes it. Anything else is not a report of this run's file."""
    width = len(info.headers)
    if headers[:width] != info.headers or len(headers) <= width:
        expected = ", ".join(info.headers[:6]) + (", …" if width > 6 else "")
        raise InputError(
            f"{path.name} is not an error report of run {info.run_id}: its columns should be the "
            f"run's file's ({expected}) followed by Row, Status and Reason."
        )
    return headers[width]


def _original_row(store: HistoryStore, run_id: int, written: str) -> RowView | str:
    """The run's row numbered ``written``, or why there is none."""
    try:
        number = int(written)
    except ValueError:
        return f"'{written}' is not a row number."
    row = store.row(run_id, number)
    return row if row is not None else f"Not a row of run {run_id}."


def _same_row(before: Mapping[str, str], after: Mapping[str, str]) -> bool:
    """At least half of the row's filled cells are as they were: a row corrected, not swapped."""
    filled = [h for h, v in before.items() if v.strip()]
    same = sum(1 for h in filled if before[h] == after.get(h, ""))
    return 2 * same >= len(filled)


def _unneutralized(value: str) -> str:
    """A cell as it was before the report guarded it against formulas (a leading quote)."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value
