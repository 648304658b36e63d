"""What an iVvy import sends for each contact, and what the answers mean for its row.

Facts from iVvy's developer docs (``vendor-docs/ivvy``) behind it:

- ``contact/add-or-update-contact.md``: ``groups`` "will override any groups currently set for
  the contact". So in ``group_mode=add`` (the default) contacts are upserted WITHOUT ``groups``
  and then added with ``contact/add-contacts-to-subscription-group.md`` (``{"contacts": [ids],
  "group": id}``, answered per contact ``{contactId, status}``), which needs the ids the upsert
  returns: a second step. Only ``group_mode=replace`` sends ``groups`` on the upsert.
- ``updateIfExists`` matches an existing contact on first name, last name and e-mail.
- ``contact/add-or-update-lead.md``: a new lead of a contact needs ``name``, ``sourceId``,
  ``typeId``, ``stageId`` and ``industryId``; it is linked by ``contactId`` (an inline
  ``contact`` would be added as a contact of its own), so leads are made in the second step too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attendee_relay.connectors.ivvy_calls import IvvyCall, as_id
from attendee_relay.connectors.ivvy_errors import error_of, raise_for_setup
from attendee_relay.connectors.ivvy_fields import CONTACT_WIRE_FIELDS, CUSTOM_FIELD
from attendee_relay.connectors.ivvy_settings import IvvySettings
from attendee_relay.connectors.wire import as_list, as_text, excerpt
from attendee_relay.core.records import MappedRecord, OutcomeKind, RecordOutcome

GROUP_ACTION = "addContactsToSubscriptionGroup"
LEAD_ACTION = "addOrUpdateLead"


def record_groups(settings: IvvySettings, record: MappedRecord) -> list[str]:
    """The connector's groups and the row's own ``groups``, each once."""
    return list(dict.fromkeys([*settings.groups, *as_list(record.fields.get("groups"))]))


def adds_groups(settings: IvvySettings, record: MappedRecord) -> bool:
    """Whether the row's groups are added in a second step (``group_mode=add``)."""
    return settings.group_mode == "add" and bool(record_groups(settings, record))


def contact_params(settings: IvvySettings, record: MappedRecord) -> dict[str, object]:
    """The ``addOrUpdateContact`` parameters of one record (``groups`` only when replacing)."""
    fields = record.fields
    params: dict[str, object] = {}
    for name in CONTACT_WIRE_FIELDS:
        value = as_text(fields.get(name))
        if value:
            params[name] = value
    groups = record_groups(settings, record)
    if groups and settings.group_mode == "replace":
        params["groups"] = [{"groupId": as_id(g)} for g in groups]
    custom = [
        {"fieldId": as_id(match.group(1)), "value": as_text(value)}
        for name, value in fields.items()
        if (match := CUSTOM_FIELD.match(name)) and as_text(value)
    ]
    if custom:
        params["customFields"] = custom
    if settings.update_if_exists:
        params["updateIfExists"] = True
    return params


def contact_call(settings: IvvySettings, record: MappedRecord) -> IvvyCall:
    return IvvyCall(
        "contact", "addOrUpdateContact", contact_params(settings, record), (record.row_number,)
    )


def lead_params(settings: IvvySettings, record: MappedRecord, contact_id: str) -> dict[str, object]:
    """The ``addOrUpdateLead`` parameters of one record's lead, linked to its contact by id."""
    fields = record.fields
    name = as_text(fields.get("leadName")) or " ".join(
        part for part in (as_text(fields.get("firstName")), as_text(fields.get("lastName"))) if part
    )
    params: dict[str, object] = {
        "name": name,
        "sourceId": as_id(settings.lead_source_id),
        "typeId": as_id(settings.lead_type_id),
        "stageId": as_id(settings.lead_stage_id),
        "industryId": as_id(settings.lead_industry_id),
        "contactId": as_id(contact_id),
    }
    if description := as_text(fields.get("leadDescription")):
        params["description"] = description
    return params


def follow_up_calls(
    settings: IvvySettings, batch: Sequence[MappedRecord], outcomes: Sequence[RecordOutcome]
) -> list[IvvyCall]:
    """For the contacts iVvy saved: one ``addContactsToSubscriptionGroup`` per group (its
    contacts together), then one lead per contact when leads are on."""
    saved = {
        o.row_number: o.remote_id
        for o in outcomes
        if o.kind is OutcomeKind.DELIVERED and o.remote_id
    }
    members: dict[str, list[MappedRecord]] = {}
    leads: list[IvvyCall] = []
    for record in batch:
        contact_id = saved.get(record.row_number)
        if contact_id is None:
            continue
        if settings.group_mode == "add":
            for group in record_groups(settings, record):
                members.setdefault(group, []).append(record)
        if settings.create_lead:
            leads.append(
                IvvyCall(
                    "contact",
                    LEAD_ACTION,
                    lead_params(settings, record, contact_id),
                    (record.row_number,),
                )
            )
    groups = [
        IvvyCall(
            "contact",
            GROUP_ACTION,
            {"contacts": [as_id(saved[r.row_number]) for r in records], "group": as_id(group)},
            tuple(r.row_number for r in records),
        )
        for group, records in members.items()
    ]
    return groups + leads


def _group_problems(call: IvvyCall, answer: object, saved: Mapping[int, str]) -> dict[int, str]:
    """Row -> why it is not in the group, from one ``addContactsToSubscriptionGroup`` answer."""
    group = call.params.get("group")
    error = error_of(answer, 200)
    if error is not None:
        return {
            row: f"iVvy did not add it to group {group}: {error.sentence()}" for row in call.rows
        }
    added = (
        {
            str(item.get("contactId"))
            for item in answer
            if isinstance(item, Mapping) and _yes(item.get("status"))
        }
        if isinstance(answer, list)
        else set()
    )
    return {
        row: f"iVvy did not add it to group {group} ({excerpt(str(answer), 80)})"
        for row in call.rows
        if saved.get(row) not in added
    }


def _yes(value: object) -> bool:
    """The documented ``status: true``; also 1 or "true", as a JSON encoder may write it."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true")


def _lead_problem(answer: object) -> str | None:
    error = error_of(answer, 200)
    if error is not None:
        return f"iVvy refused its lead: {error.sentence()}"
    # Returns ``success`` and ``id``: a lead with an id and no "success: false" was saved.
    saved = isinstance(answer, Mapping) and (
        _yes(answer.get("success")) or (answer.get("success") is None and bool(answer.get("id")))
    )
    if not saved:
        said = answer.get("message") if isinstance(answer, Mapping) else None
        return f"iVvy refused its lead: {said or excerpt(str(answer), 80)}"
    return None


def needs_follow_up(settings: IvvySettings, record: MappedRecord) -> bool:
    """Whether the row's contact needs a second step (its groups added, its lead made)."""
    return settings.create_lead or adds_groups(settings, record)


def read_follow_up(
    settings: IvvySettings,
    batch: Sequence[MappedRecord],
    outcomes: Sequence[RecordOutcome],
    calls: Sequence[IvvyCall],
    answers: Sequence[object],
) -> list[RecordOutcome]:
    """The final outcomes: a saved contact that missed a group or its lead is refused, saying
    so (the contact itself is in iVvy, with its id).

    Raises:
        SetupError: an answer shows the key or the clock is wrong.
    """
    saved = {o.row_number: o.remote_id for o in outcomes if o.kind is OutcomeKind.DELIVERED}
    problems: dict[int, list[str]] = {
        r.row_number: ["iVvy gave no contact id, so its groups and lead could not be added"]
        for r in batch
        if r.row_number in saved and not saved[r.row_number] and needs_follow_up(settings, r)
    }
    for index, call in enumerate(calls):
        answer = answers[index] if index < len(answers) else None
        error = error_of(answer, 200)
        if error is not None:
            raise_for_setup(error, settings.api_base)
        if answer is None:
            found = {row: "iVvy gave no answer for this step" for row in call.rows}
        elif call.action == GROUP_ACTION:
            found = _group_problems(call, answer, saved)
        else:
            lead = _lead_problem(answer)
            found = {row: lead for row in call.rows} if lead else {}
        for row, problem in found.items():
            problems.setdefault(row, []).append(problem)
    final: list[RecordOutcome] = []
    for outcome in outcomes:
        said = problems.get(outcome.row_number)
        if not said or outcome.kind is not OutcomeKind.DELIVERED:
            final.append(outcome)
            continue
        final.append(
            RecordOutcome(
                outcome.row_number,
                OutcomeKind.REFUSED,
                f"The contact was saved (id {outcome.remote_id or 'not given'}) but "
                + "; ".join(said)
                + ".",
                outcome.answer,
                remote_id=outcome.remote_id,
            )
        )
    return final


def contact_outcome(record: MappedRecord, payload: object, api_base: str) -> RecordOutcome:
    """One ``addOrUpdateContact`` answer: ``{success, id, message}`` or an error object.

    Raises:
        SetupError: the error is the setup's (key, clock, address).
    """
    error = error_of(payload, 200)
    if error is not None:
        raise_for_setup(error, api_base)
        return refused(record, error.sentence(), error.sentence())
    if not isinstance(payload, Mapping):
        return refused(record, f"iVvy answered {excerpt(str(payload), 80)!r}.", "")
    if payload.get("success") is False:
        message = as_text(str(payload.get("message") or "")) or "no reason given"
        return refused(record, message, f"success=false {message}")
    remote = as_text(str(payload.get("id"))) if payload.get("id") is not None else ""
    return RecordOutcome(
        record.row_number,
        OutcomeKind.DELIVERED,
        answer=excerpt(f"success=true id={remote}".strip()),
        remote_id=remote,
    )


def refused(record: MappedRecord, reason: str, answer: str) -> RecordOutcome:
    return RecordOutcome(
        record.row_number,
        OutcomeKind.REFUSED,
        f"iVvy refused the contact: {reason}",
        excerpt(answer),
    )
