"""iVvy's own lists for the wizard (custom fields, subscription groups, lead sources, types and
stages): the calls that list them and the choices read from their answers.

Subscription groups come as a plain array (``contact/get-subscription-group-list.md``: "Returns
an array"), the others as collections (``{"meta", "results"}``); both are read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from attendee_relay.connectors.ivvy_calls import signed_call
from attendee_relay.connectors.ivvy_errors import parse_error, raise_for_answer
from attendee_relay.connectors.wire import message_text
from attendee_relay.core.connector_api import (
    Choice,
    HttpRequest,
    HttpResponse,
)
from attendee_relay.core.errors import InputError, TransientError

# ``Choice`` lives in core (the wizard's protocol); re-exported for the UI's older imports.
__all__ = ["LIST_CALLS", "Choice", "list_request", "read_choices", "read_list", "results_of"]

#: Wizard list -> (namespace, action) of the iVvy call that lists it.
LIST_CALLS: dict[str, tuple[str, str]] = {
    "custom_fields": ("contact", "getCustomFieldDefinition"),
    "groups": ("contact", "getSubscriptionGroupList"),
    "lead_sources": ("crm", "getLeadSourceList"),
    "lead_types": ("crm", "getLeadTypeList"),
    "lead_stages": ("crm", "getLeadStageList"),
}


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


def list_request(api_base: str, kind: str, secrets: Mapping[str, str]) -> HttpRequest:
    """The request for list ``kind`` (a key of ``LIST_CALLS``; first 100 entries).

    Raises:
        InputError: an unknown list name.
    """
    if kind not in LIST_CALLS:
        raise InputError(f"iVvy has no list '{kind}'; choose one of: {', '.join(LIST_CALLS)}.")
    namespace, action = LIST_CALLS[kind]
    paged = kind not in ("custom_fields", "groups")
    params: dict[str, object] = {"perPage": 100, "start": 0} if paged else {}
    return signed_call(api_base, namespace, action, params, secrets)


def read_list(api_base: str, kind: str, response: HttpResponse) -> list[Choice]:
    """The entries of list ``kind`` from iVvy's answer (ids and names)."""
    if response.status_code != 200:
        raise_for_answer(response, api_base)
        raise TransientError(f"iVvy could not list {kind} ({parse_error(response).sentence()}).")
    return read_choices(kind, response)
