"""A single hand-typed record as a run of one row: checked like an import, recorded in history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from attendee_relay.core.connector_api import Connector
from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.store import RUN_COMPLETED_WITH_ERRORS
from attendee_relay.core.importing import duplicate_field, record_fingerprint
from attendee_relay.core.records import FieldValue, MappedRecord, RowStatus
from attendee_relay.core.validation import RecordValidator


@dataclass(slots=True)
class PreparedPush:
    """The run created for the record; ``reasons`` say why it cannot be sent (then nothing was)."""

    run_id: int
    record: MappedRecord
    reasons: list[str] = field(default_factory=list)


def prepare_push(
    *,
    connector: Connector,
    connector_name: str,
    fields: Mapping[str, FieldValue],
    store: HistoryStore,
) -> PreparedPush:
    """Check ``fields`` (target field names -> values) and record a one-row push run.

    Raises:
        InputError: a key is not a field of this connector.
    """
    known = {f.name for f in connector.target_fields()}
    unknown = [k for k in fields if k not in known and not connector.accepts_extra_field(k)]
    if unknown:
        raise InputError(
            f"'{unknown[0]}' is not a field of {connector.title}. Its fields: {', '.join(sorted(known))}."
        )
    values: dict[str, FieldValue] = {k: v for k, v in fields.items() if v not in ("", [])}
    record = MappedRecord(
        row_number=1, fields=values, source={k: str(v) for k, v in fields.items()}
    )
    fields_list = connector.target_fields()
    verdict = RecordValidator(fields_list, duplicate_field=duplicate_field(fields_list)).check(
        record
    )
    run_id = store.create_run(
        kind="push",
        connector=connector_name,
        platform=connector.platform,
        dedupe_scope=connector.dedupe_scope(),
        settings=connector.settings.model_dump(mode="json"),
        source_name="(test record)",
        headers=list(fields),
    )
    status = RowStatus.REFUSED if verdict.reasons else RowStatus.PENDING
    store.add_rows(
        run_id,
        [
            RowInsert(
                row_number=1,
                status=status,
                source=record.source,
                record=record.fields,
                identity=connector.identity(record) if not verdict.reasons else "",
                fingerprint=record_fingerprint(record),
                batch_key=None,
                reason=" ".join(verdict.reasons),
                warnings=" ".join(verdict.warnings),
            )
        ],
    )
    store.finish_reading(run_id)
    if verdict.reasons:
        store.set_run_status(
            run_id, RUN_COMPLETED_WITH_ERRORS, "The record was refused before sending."
        )
    return PreparedPush(run_id, record, list(verdict.reasons))
