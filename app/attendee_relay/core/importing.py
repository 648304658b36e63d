"""Preparing an import: source rows -> mapped records -> validated -> rows in the history.

Nothing is sent here. Every row leaves this step pending, refused (with reasons) or skipped
(already delivered to the same connector and scope), so no row is ever silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from attendee_relay.core.changes import (
    CHANGED_NOT_SENT,
    UNCHANGED,
    UPDATE,
    EarlierDeliveries,
    Verdict,
)
from attendee_relay.core.connector_api import Connector, HttpRequest
from attendee_relay.core.errors import RowError
from attendee_relay.core.fields import TargetField
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.problems import explain
from attendee_relay.core.mapping.compile import RecordMapper, compile_mapping
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.records import MappedRecord, RowStatus, SourceRow
from attendee_relay.core.sources import Source, file_sha256
from attendee_relay.core.validation import RecordValidator

#: How many refused rows a summary keeps to show (the history and the error CSV keep them all).
SAMPLE_LIMIT = 20


@dataclass(slots=True)
class PreparedImport:
    """What the prepare step found. ``run_id`` is None for a dry run (nothing recorded)."""

    run_id: int | None
    total: int = 0
    pending: int = 0
    refused: int = 0
    skipped: int = 0
    warnings: int = 0
    #: Of ``skipped``: delivered before exactly so, and changed on a platform that cannot
    #: update (not sent); of ``pending``: to be sent as updates of earlier deliveries.
    unchanged: int = 0
    changed_not_sent: int = 0
    updates: int = 0
    refused_samples: list[tuple[int, str]] = field(default_factory=list)
    warning_samples: list[tuple[int, str]] = field(default_factory=list)
    sample_record: MappedRecord | None = None
    sample_request: HttpRequest | None = None

    def add_chunk(  # noqa: PLR0917 - one call a chunk instead of eight additions
        self,
        total: int,
        warnings: int,
        refused: int,
        skipped: int,
        pending: int,
        unchanged: int,
        changed_not_sent: int,
        updates: int,
    ) -> None:
        self.total += total
        self.warnings += warnings
        self.refused += refused
        self.skipped += skipped
        self.pending += pending
        self.unchanged += unchanged
        self.changed_not_sent += changed_not_sent
        self.updates += updates


#: How many rows are checked against earlier deliveries with one query.
LOOKUP_CHUNK = 500


def record_fingerprint(record: MappedRecord) -> str:
    """A stable digest of what would be sent: the same content gives the same fingerprint.

    The SHA-256 of the record's canonical JSON (sorted keys, no spaces, UTF-8), cut to 32 hex
    digits: it is stored with every delivery, so it must never change. The usual record (text
    values without quotes, backslashes or control characters) has its JSON written directly,
    byte for byte what json.dumps gives, at a third of the cost.
    """
    fields = record.fields
    pieces = []
    for key, value in sorted(fields.items()):
        if value.__class__ is not str:
            break
        pieces.append(f'"{key}":"{value}"')
    else:
        canonical = "{" + ",".join(pieces) + "}"
        # isprintable() is False for every control character (and for a few harmless ones,
        # which then take the json.dumps path): far cheaper than a regex scan.
        if (
            canonical.count('"') == 4 * len(pieces)
            and "\\" not in canonical
            and canonical.isprintable()
        ):
            return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def duplicate_field(fields: list[TargetField]) -> str | None:
    """The field whose value identifies a person within a file: the e-mail field, if any."""
    for f in fields:
        if f.concept == "email":
            return f.name
    return None


def prepare_import(
    *,
    connector: Connector,
    connector_name: str,
    source: Source,
    mapping: FieldMapping,
    store: HistoryStore,
    settings: Mapping[str, object],
    secrets: Mapping[str, str],
    dry_run: bool = False,
    force: bool = False,
    resend_changed: bool = False,
    kind: str = "import",
    parent_run_id: int | None = None,
) -> PreparedImport:
    """Map and check every row; unless ``dry_run``, record them all as a new run.

    Raises:
        InputError: the mapping does not fit the file (unknown columns or targets).
    """
    mapper, validator = checkers(connector, mapping, source.info.headers)
    scope = connector.dedupe_scope()
    result = PreparedImport(run_id=None)
    if not dry_run:
        path = source.info.path
        result.run_id = store.create_run(
            kind=kind,
            connector=connector_name,
            platform=connector.platform,
            dedupe_scope=scope,
            settings=dict(settings),
            mapping_json=mapping.to_json(),
            source_name=source.info.path.name,
            source_path=str(source.info.path),
            source_sha256=source_sha256(source),
            headers=source.info.headers,
            parent_run_id=parent_run_id,
            source_size=path.stat().st_size if path.exists() else -1,
            reading=reading_options(source, force=force, resend_changed=resend_changed),
        )

    def rows(keep: bool) -> Iterator[RowInsert]:
        return prepared_rows(
            result,
            source=source,
            mapper=mapper,
            validator=validator,
            connector=connector,
            earlier=earlier_deliveries(
                store, connector, connector_name, force=force, resend_changed=resend_changed
            ),
            keep=keep,
        )

    if result.run_id is None:
        for _ in rows(keep=False):
            pass
    else:
        try:
            turned = store.add_rows(result.run_id, rows(keep=True), force=force)
            store.finish_reading(result.run_id)
        except sqlite3.Error as err:  # a full disk, most likely: one sentence, run resumable
            size = source.info.path.stat().st_size if source.info.path.exists() else None
            raise explain(err, store.path, file_bytes=size, run_id=result.run_id) from err
        # Claimed by a run going on at the same time, or delivered since they were checked.
        result.pending -= turned
        result.skipped += turned
    if result.sample_record is not None:
        try:
            result.sample_request = connector.build_request([result.sample_record], secrets)
        except RowError:
            # A preview of one row alone (a 10times order row without the rest of its order);
            # the row is judged with its batch when the run sends it.
            result.sample_request = None
    return result


def prepared_rows(
    result: PreparedImport,
    *,
    source: Source,
    mapper: RecordMapper,
    validator: RecordValidator,
    connector: Connector,
    earlier: EarlierDeliveries | None,
    keep: bool,
    read_before: int = 0,
) -> Iterator[RowInsert]:
    """Map, check and classify every row, counting into ``result``; yield them if ``keep``.

    Rows go in chunks so that earlier deliveries are looked up with one query per chunk rather
    than one per row, and only given ``earlier`` (there are any for this connector and scope,
    and the run is not forced); a dry run (``keep`` False) needs fingerprints only for that
    lookup and builds no RowInsert.
    Rows numbered up to ``read_before`` are already in the history (a resumed reading): they
    are checked again, so that a later duplicate of one of them is still caught, but neither
    counted nor yielded.
    """
    map_row, check = mapper, validator.check
    fingerprinting = keep or earlier is not None
    identity_of = connector.identity
    refused_status, pending_status = RowStatus.REFUSED, RowStatus.PENDING
    new_row = Verdict(pending_status, "")
    source_rows = source.rows()
    if read_before:
        source_rows = _after(source_rows, read_before, lambda row: check(map_row(row)))
    while chunk := list(islice(source_rows, LOOKUP_CHUNK)):
        checked = []
        for row in chunk:
            record = map_row(row)
            verdict = check(record)
            checked.append(
                (row, record, verdict, record_fingerprint(record) if fingerprinting else "")
            )
        identities = (
            [identity_of(c[1]) if not c[2].reasons else "" for c in checked]
            if fingerprinting  # kept rows carry it; the lookup needs it; a plain dry run does not
            else [""] * len(checked)
        )
        if earlier is not None:
            earlier.load([(c[3], i) for c, i in zip(checked, identities, strict=True) if i or c[3]])
        # Counted locally and added once a chunk: attribute updates per row cost more.
        warned = refused = skipped = pending = unchanged = changed = updates = 0
        for (row, record, verdict, fp), identity in zip(checked, identities, strict=True):
            warnings = (
                _with_extra_cells(verdict.warnings, row) if row.extra_cells else verdict.warnings
            )
            change = ""
            if warnings:
                warned += 1
                if len(result.warning_samples) < SAMPLE_LIMIT:
                    result.warning_samples.append((row.number, " ".join(warnings)))
            if verdict.reasons:
                status, reason = refused_status, " ".join(verdict.reasons)
                refused += 1
                if len(result.refused_samples) < SAMPLE_LIMIT:
                    result.refused_samples.append((row.number, reason))
            else:
                against = (
                    new_row if earlier is None else earlier.verdict(fp, identity, record.fields)
                )
                status, reason, change = against.status, against.reason, against.change
                if against.note:
                    warnings = [*warnings, against.note]
                if status is pending_status:
                    pending += 1
                    updates += change == UPDATE
                    if result.sample_record is None:
                        result.sample_record = record
                else:
                    skipped += 1
                    unchanged += change == UNCHANGED
                    changed += change == CHANGED_NOT_SENT
            if keep:
                yield RowInsert(
                    row_number=row.number,
                    status=status,
                    source=row.values,
                    record=record.fields,
                    identity=identity,
                    fingerprint=fp,
                    batch_key=connector.batch_key(record) if status is pending_status else None,
                    reason=reason,
                    warnings=" ".join(warnings),
                    change=change,
                )
        result.add_chunk(
            len(checked), warned, refused, skipped, pending, unchanged, changed, updates
        )


def _with_extra_cells(warnings: list[str], row: SourceRow) -> list[str]:
    cells = ", ".join(repr(c) for c in row.extra_cells[:3])
    count = len(row.extra_cells)
    return [
        *warnings,
        f"{count} {'cell' if count == 1 else 'cells'} beyond the last column ignored: {cells}.",
    ]


def _after(
    rows: Iterator[SourceRow], last: int, seen: Callable[[SourceRow], object]
) -> Iterator[SourceRow]:
    """The rows numbered after ``last``, each earlier one passed to ``seen`` first."""
    for row in rows:
        if row.number <= last:
            seen(row)
        else:
            yield row


def checkers(
    connector: Connector, mapping: FieldMapping, headers: Sequence[str]
) -> tuple[RecordMapper, RecordValidator]:
    """The mapper and validator of a run: its mapping over a file with ``headers``."""
    fields = connector.target_fields()
    mapper = compile_mapping(mapping, headers, fields, connector.accepts_extra_field)
    validator = RecordValidator(
        fields,
        duplicate_field=duplicate_field(fields),
        default_country=mapping.default_country,
        produced=mapper.targets,
    )
    return mapper, validator


def earlier_deliveries(
    store: HistoryStore,
    connector: Connector,
    connector_name: str,
    *,
    force: bool,
    resend_changed: bool,
) -> EarlierDeliveries | None:
    """The lookup of earlier deliveries for a run, or None when there is nothing to look up
    (nothing delivered yet to this connector and scope) or it must not be (``force``)."""
    scope = connector.dedupe_scope()
    if force or not store.has_deliveries(connector_name, scope):
        return None
    return EarlierDeliveries(
        store,
        connector_name,
        scope,
        platform_title=connector.title,
        updates=connector.upserts,
        resend_changed=resend_changed,
        fields=connector.target_fields(),
    )


def reading_options(source: Source, *, force: bool, resend_changed: bool) -> dict[str, object]:
    """How ``source`` was read, as a resume must read it again (see ``continue_reading``)."""
    info = source.info
    return {
        "kind": info.kind,
        "encoding": info.encoding,
        "delimiter": info.delimiter,
        "sheet": info.sheet,
        "header_row": info.header_row,
        "force": force,
        "resend_changed": resend_changed,
    }


def source_sha256(source: Source) -> str:
    return file_sha256(source.info.path)
