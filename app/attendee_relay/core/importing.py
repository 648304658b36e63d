"""Preparing an import: source rows -> mapped records -> validated -> rows in the history.

Nothing is sent here. Every row leaves this step pending, refused (with reasons) or skipped
(already delivered to the same connector and scope), so no row is ever silently dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice

from attendee_relay.core.connector_api import Connector, HttpRequest
from attendee_relay.core.fields import TargetField
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.store import RUN_READY
from attendee_relay.core.mapping.compile import RecordMapper, compile_mapping
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.records import MappedRecord, RowStatus
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
    refused_samples: list[tuple[int, str]] = field(default_factory=list)
    warning_samples: list[tuple[int, str]] = field(default_factory=list)
    sample_record: MappedRecord | None = None
    sample_request: HttpRequest | None = None


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
    kind: str = "import",
    parent_run_id: int | None = None,
) -> PreparedImport:
    """Map and check every row; unless ``dry_run``, record them all as a new run.

    Raises:
        InputError: the mapping does not fit the file (unknown columns or targets).
    """
    fields = connector.target_fields()
    mapper = compile_mapping(mapping, source.info.headers, fields, connector.accepts_extra_field)
    validator = RecordValidator(
        fields,
        duplicate_field=duplicate_field(fields),
        default_country=mapping.default_country,
        produced=mapper.targets,
    )
    scope = connector.dedupe_scope()
    result = PreparedImport(run_id=None)
    if not dry_run:
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
        )

    def rows(keep: bool) -> Iterator[RowInsert]:
        return _prepared_rows(
            result,
            source=source,
            mapper=mapper,
            validator=validator,
            connector=connector,
            store=store,
            connector_name=connector_name,
            scope=scope,
            lookup=not force and store.has_deliveries(connector_name, scope),
            keep=keep,
        )

    if result.run_id is None:
        for _ in rows(keep=False):
            pass
    else:
        store.add_rows(result.run_id, rows(keep=True))
        store.group_batches(result.run_id)
        store.set_run_status(result.run_id, RUN_READY)
    if result.sample_record is not None:
        result.sample_request = connector.build_request([result.sample_record], secrets)
    return result


def _prepared_rows(
    result: PreparedImport,
    *,
    source: Source,
    mapper: RecordMapper,
    validator: RecordValidator,
    connector: Connector,
    store: HistoryStore,
    connector_name: str,
    scope: str,
    lookup: bool,
    keep: bool,
) -> Iterator[RowInsert]:
    """Map, check and classify every row, counting into ``result``; yield them if ``keep``.

    Rows go in chunks so that earlier deliveries are looked up with one query per chunk rather
    than one per row, and only if ``lookup`` (there are any for this connector and scope); a
    dry run (``keep`` False) needs fingerprints only for that lookup and builds no RowInsert.
    """
    map_row, check = mapper, validator.check
    fingerprinting = keep or lookup
    refused_status, skipped_status, pending_status = (
        RowStatus.REFUSED,
        RowStatus.SKIPPED,
        RowStatus.PENDING,
    )
    source_rows = source.rows()
    while chunk := list(islice(source_rows, LOOKUP_CHUNK)):
        checked = []
        for row in chunk:
            record = map_row(row)
            verdict = check(record)
            checked.append(
                (row, record, verdict, record_fingerprint(record) if fingerprinting else "")
            )
        earlier: dict[str, int] = {}
        if lookup:
            candidates = [c[3] for c in checked if not c[2].reasons]
            earlier = store.delivered_among(connector_name, scope, candidates)
        # Counted locally and added once a chunk: attribute updates per row cost more.
        warned = refused = skipped = pending = 0
        for row, record, verdict, fp in checked:
            warnings = verdict.warnings
            if row.extra_cells:
                cells = ", ".join(repr(c) for c in row.extra_cells[:3])
                warnings = [
                    *warnings,
                    f"{len(row.extra_cells)} cell(s) beyond the last column ignored: {cells}.",
                ]
            if warnings:
                warned += 1
                if len(result.warning_samples) < SAMPLE_LIMIT:
                    result.warning_samples.append((row.number, " ".join(warnings)))
            if verdict.reasons:
                status, reason = refused_status, " ".join(verdict.reasons)
                refused += 1
                if len(result.refused_samples) < SAMPLE_LIMIT:
                    result.refused_samples.append((row.number, reason))
            elif fp in earlier:
                status, reason = skipped_status, f"Already delivered in run {earlier[fp]}."
                skipped += 1
            else:
                status, reason = pending_status, ""
                pending += 1
                if result.sample_record is None:
                    result.sample_record = record
            if keep:
                yield RowInsert(
                    row_number=row.number,
                    status=status,
                    source=row.values,
                    record=record.fields,
                    identity=connector.identity(record) if status is not refused_status else "",
                    fingerprint=fp,
                    batch_key=connector.batch_key(record) if status is pending_status else None,
                    reason=reason,
                    warnings=" ".join(warnings),
                )
        result.total += len(checked)
        result.warnings += warned
        result.refused += refused
        result.skipped += skipped
        result.pending += pending


def source_sha256(source: Source) -> str:
    return file_sha256(source.info.path)
