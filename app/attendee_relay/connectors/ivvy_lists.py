"""iVvy's own lists for the wizard (custom fields, subscription groups, lead sources, types and
stages) and the pages of a pull (contacts, an event's attendees or registrations), read from its
answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from attendee_relay.connectors.wire import message_text
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.errors import TransientError

#: Wizard list -> (namespace, action) of the iVvy call that lists it.
LIST_CALLS: dict[str, tuple[str, str]] = {
    "custom_fields": ("contact", "getCustomFieldDefinition"),
    "groups": ("contact", "getSubscriptionGroupList"),
    "lead_sources": ("crm", "getLeadSourceList"),
    "lead_types": ("crm", "getLeadTypeList"),
    "lead_stages": ("crm", "getLeadStageList"),
}

#: Pull source -> (namespace, action, filter on modification date). The contact list filters on
#: ``fromModifiedDate``, the registration list on ``modifiedDate`` (developer.ivvy.com); the
#: attendee list's filter is undocumented, so it is asked the registration list's way.
PULL_CALLS: dict[str, tuple[str, str, str]] = {
    "contacts": ("contact", "getContactList", "fromModifiedDate"),
    "attendees": ("event", "getAttendeeList", "modifiedDate"),
    "registrations": ("event", "getRegistrationList", "modifiedDate"),
}

#: CSV headers of a pull per source, in the spellings auto-mapping knows.
PULL_COLUMNS: dict[str, list[str]] = {
    "contacts": ["Id", "First Name", "Last Name", "Email", "Phone", "External Id", "Modified"],
    "attendees": ["Id", "First Name", "Last Name", "Email", "Phone", "Has Attended", "Modified"],
    "registrations": [
        "Id",
        "First Name",
        "Last Name",
        "Email",
        "Phone",
        "Status",
        "Total Cost",
        "Total Paid",
        "Completed",
        "Modified",
    ],
}

_WIRE_OF_COLUMN = {
    "Id": "id",
    "First Name": "firstName",
    "Last Name": "lastName",
    "Email": "email",
    "Phone": "phone",
    "External Id": "externalId",
    "Modified": "modifiedDate",
    "Has Attended": "hasAttended",
    "Status": "currentStatus",
    "Total Cost": "invoiceTotalCost",
    "Total Paid": "invoiceTotalPaid",
    "Completed": "completedDate",
}


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of an iVvy list as the wizard offers it.

    Attributes:
        id: the id to store in a setting or a mapping (``groupId``, ``fieldId``, ``sourceId``...).
        name: what a coordinator sees.
        detail: more about it (a custom field's type and options, a group's member count).
    """

    id: str
    name: str
    detail: str = ""


_FIELD_TYPES = {
    0: "small text",
    1: "large text",
    2: "single select",
    3: "multiple select",
    4: "address",
    5: "date",
    6: "file",
    7: "static text",
    8: "whole number",
}


def _payload(response: HttpResponse) -> object:
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TransientError(
            f"iVvy answered HTTP {response.status_code} with something that is not JSON."
        ) from None


def results_of(payload: object) -> list[Mapping[str, object]]:
    """The items of a collection (``{"meta", "results"}``) or of a plain array."""
    items = payload.get("results") if isinstance(payload, Mapping) else payload
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, Mapping)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return message_text(value) if not isinstance(value, int | float) else str(value)


def read_choices(kind: str, response: HttpResponse) -> list[Choice]:
    """The entries of the list ``kind`` (a key of ``LIST_CALLS``) in iVvy's answer."""
    choices: list[Choice] = []
    for item in results_of(_payload(response)):
        if kind == "custom_fields":
            ident, name = item.get("fieldId"), item.get("displayName")
            kind_name = _FIELD_TYPES.get(item.get("fieldType"), "")  # type: ignore[call-overload]
            options = _text(item.get("selectValues"))
            detail = f"{kind_name}: {options}" if options else kind_name
            if item.get("fieldType") == 7:
                continue  # static text cannot hold a value
        elif kind == "groups":
            ident, name = item.get("id"), item.get("groupName")
            detail = f"{_text(item.get('memberCount'))} members" if "memberCount" in item else ""
        else:
            ident, name = item.get("id"), item.get("name")
            detail = _text(item.get("description"))
        if ident is None:
            continue
        choices.append(Choice(_text(ident), _text(name) or _text(ident), detail))
    return choices


def read_page_rows(
    source: str, response: HttpResponse
) -> tuple[list[dict[str, str]], int | None, int]:
    """Rows of one pull page, ``meta.totalResults`` (None when absent) and the page's count."""
    payload = _payload(response)
    items = results_of(payload)
    total: int | None = None
    if isinstance(payload, Mapping) and isinstance(payload.get("meta"), Mapping):
        raw = payload["meta"].get("totalResults")
        total = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    rows = [
        {column: _text(item.get(_WIRE_OF_COLUMN[column])) for column in PULL_COLUMNS[source]}
        for item in items
    ]
    return rows, total, len(items)
