"""What ExpoPlatform's ``account/set`` is sent for a visitor, and what its answer means.

Seed 003 and API_NOTES ("ExpoPlatform Open API v2"): ``set`` creates or updates a visitor (an
upsert matched by ``id``, then ``external_id``, then ``email``, ExpoPlatform's "Participant
Update" page) and overwrites the fields it is sent, so ``status`` goes only when the user chose
one: sent on every call it would demote live visitors. The answer is ``{id, status:
CREATE|UPDATE, errors}`` (non-fatal errors listed). A 404 means an unknown endpoint, event *or
category*: only the last is the row's own fault.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attendee_relay.connectors.expoplatform_settings import ExpoPlatformSettings
from attendee_relay.connectors.expoplatform_wire import raise_for_status, said, unwrap
from attendee_relay.connectors.targets import synonyms_for
from attendee_relay.connectors.wire import as_text, excerpt, message_text, read_json
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.fields import FieldType, TargetField
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

#: Field names the mapping may add: simple identifiers (``company``, ``job_title``, ``category_id``).
EXTRA_FIELD = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
#: Wire names the connector sets itself; a mapping may not override them as extra fields.
RESERVED = frozenset({"event_id", "status", "send_email", "id"})
DOCUMENTED = ("email", "first_name", "last_name", "external_id")


def _field(name: str, label: str, concept: str, help_text: str, **kw: object) -> TargetField:
    return TargetField(
        name=name,
        label=label,
        help=help_text,
        synonyms=synonyms_for(concept, name),
        concept=concept,
        **kw,  # type: ignore[arg-type]
    )


def visitor_fields() -> list[TargetField]:
    """The documented visitor fields: e-mail, first and last name, external id."""
    return [
        _field("email", "E-mail", "email", "The visitor's e-mail (required to create).",
               required=True, type=FieldType.EMAIL, strict=True),
        _field("first_name", "First name", "first_name", "The visitor's first name.",
               required=True),
        _field("last_name", "Last name", "last_name", "The visitor's last name.", required=True),
        _field("external_id", "External id", "external_id",
               "A stable id from your system (attendee or order id): ExpoPlatform matches "
               "a visitor by it before the e-mail."),
    ]  # fmt: skip


def accepts_extra_field(name: str) -> bool:
    """Any simple field name (``company``, ``category_id``...) passes through as typed."""
    return EXTRA_FIELD.match(name) is not None and name not in RESERVED


def visitor_pairs(settings: ExpoPlatformSettings, record: MappedRecord) -> list[tuple[str, str]]:
    """The form fields of one visitor: the event, documented fields, then extra fields."""
    pairs = [("event_id", settings.event)]
    for name in DOCUMENTED:
        if value := as_text(record.fields.get(name)):
            pairs.append((name, value))
    if settings.status:
        pairs.append(("status", settings.status))
    pairs.append(("send_email", "1" if settings.send_email else "0"))
    for name, raw in record.fields.items():
        if name not in DOCUMENTED and accepts_extra_field(name) and (value := as_text(raw)):
            pairs.append((name, value))
    return pairs


def read_set_answer(
    settings: ExpoPlatformSettings, batch: Sequence[MappedRecord], response: HttpResponse
) -> list[RecordOutcome]:
    """``{id, status: CREATE|UPDATE, errors}``: delivered, with non-fatal errors as a remark.

    Raises:
        SetupError: 401 (bad or expired key), 404 (unknown endpoint or event).
        TransientError: 429, 5xx or an answer that is not JSON.
    """
    if response.status_code == 404 and (reason := row_not_found(batch, response)):
        return [
            RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason, excerpt(response.text))
            for r in batch
        ]
    raise_for_status(settings, response, "account/set")
    if response.status_code == 400:
        reason = f"ExpoPlatform refused the visitor (HTTP 400){said(response) or '.'}"
        return [
            RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason, excerpt(response.text))
            for r in batch
        ]
    payload = unwrap(read_json(response, "ExpoPlatform"))
    remote = as_text(str(payload.get("id") or ""))
    status = as_text(str(payload.get("status") or "")).upper()
    warnings = message_text(payload.get("errors"))
    if status not in ("CREATE", "UPDATE") and not remote:
        reason = f"ExpoPlatform answered without an id or status: {excerpt(response.text, 120)}"
        return [RecordOutcome(r.row_number, OutcomeKind.REFUSED, reason) for r in batch]
    return [
        RecordOutcome(
            r.row_number,
            OutcomeKind.DELIVERED,
            f"ExpoPlatform noted: {warnings}" if warnings else "",
            answer=excerpt(f"{status} id={remote}"),
            remote_id=remote,
        )
        for r in batch
    ]


def row_not_found(batch: Sequence[MappedRecord], response: HttpResponse) -> str:
    """Why a 404 to ``set`` is the row's fault (an unknown category it names), or "".

    The answer says which when its message names a category; else a row that carries a
    category field and an answer that names no event or endpoint is taken as the row's.
    """
    said_ = said(response)
    text = said_.lower()
    categories = {
        name: as_text(value)
        for record in batch
        for name, value in record.fields.items()
        if "categor" in name and as_text(value)
    }
    if "categor" in text or (categories and "event" not in text and "endpoint" not in text):
        named = ", ".join(f"{k}={v}" for k, v in categories.items())
        which = f" ({named})" if named else ""
        return (
            f"ExpoPlatform does not know the visitor's category{which} (HTTP 404){said_ or '.'}"
            " Pick one of the event's categories (connector wizard, or getCategories)."
        )
    return ""
