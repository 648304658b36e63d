"""Preparing an import: source rows -> mapped records -> validated -> rows in the history.

Nothing is sent here. Every row leaves this step pending, refused (with reasons) or skipped
(already delivered to the same connector and scope), so no row is ever silently dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from attendee_relay.core.connector_api import Connector, HttpRequest
from attendee_relay.core.fields import TargetField
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.store import RUN_READY
from attendee_relay.core.mapping.compile import compile_mapping
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
    sample_record: MappedRecord | None = None
    sample_request: HttpRequest | None = None


def record_fingerprint(record: MappedRecord) -> str:
    """A stable digest of what would be sent: the same content gives the same fingerprint."""
    canonical = json.dumps(record.fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
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
        fields, duplicate_field=duplicate_field(fields), default_country=mapping.default_country
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

    def rows() -> Iterator[RowInsert]:
        for row in source.rows():
            record = mapper(row)
            verdict = validator.check(record)
            warnings = list(verdict.warnings)
            if row.extra_cells:
                cells = ", ".join(repr(c) for c in row.extra_cells[:3])
                warnings.append(
                    f"{len(row.extra_cells)} cell(s) beyond the last column ignored: {cells}."
                )
            result.total += 1
            result.warnings += bool(warnings)
            fingerprint = record_fingerprint(record)
            status, reason = RowStatus.PENDING, ""
            if verdict.reasons:
                status, reason = RowStatus.REFUSED, " ".join(verdict.reasons)
                result.refused += 1
                if len(result.refused_samples) < SAMPLE_LIMIT:
                    result.refused_samples.append((row.number, reason))
            elif not force and (earlier := store.delivered_in(connector_name, scope, fingerprint)):
                status, reason = RowStatus.SKIPPED, f"Already delivered in run {earlier}."
                result.skipped += 1
            else:
                result.pending += 1
                if result.sample_record is None:
                    result.sample_record = record
            yield RowInsert(
                row_number=row.number,
                status=status,
                source=row.values,
                record=record.fields,
                identity=connector.identity(record) if status is not RowStatus.REFUSED else "",
                fingerprint=fingerprint,
                batch_key=connector.batch_key(record) if status is RowStatus.PENDING else None,
                reason=reason,
                warnings=" ".join(warnings),
            )

    if result.run_id is None:
        for _ in rows():
            pass
    else:
        store.add_rows(result.run_id, rows())
        store.group_batches(result.run_id)
        store.set_run_status(result.run_id, RUN_READY)
    if result.sample_record is not None:
        result.sample_request = connector.build_request([result.sample_record], secrets)
    return result


def source_sha256(source: Source) -> str:
    return file_sha256(source.info.path)
