"""Settling an uncertain iVvy row by asking ``contact?action=getContactList`` whether its contact
is there.

Only filters the contact list documents (contact/get-contact-list.md, "Additional Filter
Properties"; modifiers from getting-started/interpreting-the-response/filtering.md): the row's
``externalId`` when it has one; else the contacts modified in the last ``lookup_window_h`` hours
(``modifiedDate__GREATERTHAN``), first page, among which the row's contact is looked for by first
name, last name and e-mail (iVvy's identity of a contact for ``updateIfExists``). A contact not on
that page counts as not found and is sent again, which iVvy's upsert makes harmless. What comes
back is always checked here, so a server that ignored the filter cannot fake a match. With
``group_mode=add`` a contact only counts as delivered when it is in every group the row asks for
(the list returns ``groups``): a run stopped between saving contacts and adding them to their
groups sends such rows again, which updates the contact and adds the groups.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from attendee_relay.connectors import ivvy_lists
from attendee_relay.connectors.ivvy_calls import signed_call
from attendee_relay.connectors.ivvy_errors import parse_error, raise_for_answer
from attendee_relay.connectors.ivvy_push import adds_groups, record_groups
from attendee_relay.connectors.ivvy_settings import IvvySettings
from attendee_relay.connectors.wire import as_text, read_json
from attendee_relay.core.connector_api import (
    HttpRequest,
    HttpResponse,
    LookupResult,
)
from attendee_relay.core.errors import TransientError
from attendee_relay.core.records import MappedRecord


def lookup_request(
    settings: IvvySettings,
    record: MappedRecord,
    secrets: Mapping[str, str],
    now: datetime | None = None,
) -> HttpRequest:
    """``getContactList`` filtered on the row's ``externalId``, else on recent modification."""
    external = as_text(record.fields.get("externalId"))
    if external:
        wanted = {"externalId": external}
    else:
        since = (now or datetime.now(UTC)) - timedelta(hours=settings.lookup_window_h)
        wanted = {"modifiedDate__GREATERTHAN": since.strftime("%Y-%m-%d %H:%M:%S")}
    params = {"perPage": 100, "start": 0, "filter": wanted}
    return signed_call(settings.api_base, "contact", "getContactList", params, secrets)


def _same_person(item: Mapping[str, object], record: MappedRecord) -> bool:
    return all(
        as_text(str(item.get(key) or "")).lower() == as_text(record.fields.get(key)).lower()
        for key in ("firstName", "lastName", "email")
        if as_text(record.fields.get(key))
    )


def _in_groups(item: Mapping[str, object], wanted: list[str]) -> bool:
    groups = item.get("groups")
    have = {
        str(g.get("groupId"))
        for g in (groups if isinstance(groups, list) else [])
        if isinstance(g, Mapping)
    }
    return all(group.strip() in have for group in wanted)


def read_lookup(
    settings: IvvySettings, record: MappedRecord, response: HttpResponse
) -> LookupResult:
    """Found when a returned contact has the row's externalId (or is the same person) and, in
    ``group_mode=add``, is in the row's groups."""
    api_base = settings.api_base
    if response.status_code != 200:
        raise_for_answer(response, api_base)
        raise TransientError(
            f"iVvy could not look the contact up ({parse_error(response).sentence()})."
        )
    external = as_text(record.fields.get("externalId"))
    for item in ivvy_lists.results_of(read_json(response, "iVvy")):
        same = (
            as_text(str(item.get("externalId") or "")) == external
            if external
            else _same_person(item, record)
        )
        if same and (
            not adds_groups(settings, record) or _in_groups(item, record_groups(settings, record))
        ):
            return LookupResult(True, str(item.get("id") or ""))
    return LookupResult(False)
