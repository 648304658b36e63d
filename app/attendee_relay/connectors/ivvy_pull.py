"""Pulling iVvy contacts, or an event's attendees or registrations, page by page.

Facts from iVvy's developer docs (``vendor-docs/ivvy``) behind it:

- Lists page with ``perPage`` and a zero-based record offset ``start`` and answer ``{"meta":
  {"totalResults", ...}, "results": [...]}`` (``getting-started/interpreting-the-response/
  pagination.md``, ``collections.md``); the registration list takes at most 100 a page.
- "Changed since" is the modifier ``__GREATERTHAN`` ("greater than or equal") on ``modifiedDate``
  (``getting-started/interpreting-the-response/filtering.md``), a returned property of the contact
  and registration lists. The attendee list documents "No filters available"
  (``events/get-attendee-list.md``): its rows are filtered here, on their ``modifiedDate``.
- A registration's ``currentStatus`` is 1 In Progress, 2 Completed, 4 Payment Waiting; it carries
  ``isExhibitor`` and ``mainContactId`` but no e-mail (``events/get-registration-list.md``): each
  registration's contact is read with ``contact?action=getContact`` (``contact/get-contact.md``)
  before its page is handed on. "Paid only" keeps the ``paid_statuses`` codes (2 Completed by
  default) after reading: ``currentStatus`` is not among the list's documented filter properties.

Everything a page needs travels in the cursor (``IvvyPullCursor``): the connector keeps no state
between pages.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

from attendee_relay.connectors import ivvy_lists
from attendee_relay.connectors.ivvy_calls import signed_call
from attendee_relay.connectors.ivvy_errors import parse_error, raise_for_answer
from attendee_relay.connectors.ivvy_settings import IvvySettings
from attendee_relay.connectors.wire import message_text, read_json
from attendee_relay.core.connector_api import HttpRequest, HttpResponse, PullPage
from attendee_relay.core.errors import InputError, TransientError

PER_PAGE = 100

#: Registration ``currentStatus`` codes as published.
REGISTRATION_STATUSES = {"1": "In Progress", "2": "Completed", "4": "Payment Waiting"}

#: Pull source -> (namespace, action).
PULL_CALLS: dict[str, tuple[str, str]] = {
    "contacts": ("contact", "getContactList"),
    "attendees": ("event", "getAttendeeList"),
    "registrations": ("event", "getRegistrationList"),
}

#: Which sources take a filter (the attendee list takes none).
SERVER_FILTERED = frozenset({"contacts", "registrations"})

#: CSV headers of a pull per source, in the spellings auto-mapping knows.
PULL_COLUMNS: dict[str, list[str]] = {
    "contacts": ["Id", "First Name", "Last Name", "Email", "Phone", "External Id", "Modified"],
    "attendees": [
        "Id",
        "Contact Id",
        "First Name",
        "Last Name",
        "Email",
        "Registration Status",
        "Ticket",
        "Has Attended",
        "Modified",
    ],
    "registrations": [
        "Id",
        "Contact Id",
        "First Name",
        "Last Name",
        "Email",
        "Phone",
        "Status",
        "Exhibitor",
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
    "Registration Status": "registrationStatus",
    "Ticket": "ticketTitle",
    "Exhibitor": "isExhibitor",
    "Total Cost": "invoiceTotalCost",
    "Total Paid": "invoiceTotalPaid",
    "Completed": "completedDate",
}

Row = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class IvvyPullCursor:
    """Where a pull is, with the choices it was started with.

    Attributes:
        source: contacts, attendees or registrations.
        event: the event id (attendees, registrations).
        since: only records modified at or after this iVvy timestamp ("" for all).
        start: offset of the list page to ask for next.
        waiting: registration rows read but still without their contact's e-mail.
        resolved: how many of ``waiting`` have it.
        then: offset of the list page after ``waiting``, or None when it was the last.
    """

    source: str
    event: int | None
    since: str
    start: int = 0
    waiting: tuple[Row, ...] = ()
    resolved: int = 0
    then: int | None = None


def first_cursor(settings: IvvySettings, options: Mapping[str, str]) -> IvvyPullCursor:
    """The cursor of the first page, from the settings and the pull's options.

    Raises:
        InputError: an unknown option, or attendees/registrations without an event id.
    """
    unknown = sorted(set(options) - {"modified_since"})
    if unknown:
        raise InputError(
            f"iVvy has no pull option {unknown[0]!r}: use modified_since, or the settings "
            "pull_source, pull_event and pull_paid_only."
        )
    source = settings.pull_source
    event: int | None = None
    if source != "contacts":
        text = settings.pull_event.strip()
        if not text.isdigit():
            raise InputError(f"Pulling iVvy {source} needs the event's id: --set pull_event=ID.")
        event = int(text)
    return IvvyPullCursor(source, event, options.get("modified_since", "").strip())


def pull_request(
    settings: IvvySettings, cursor: IvvyPullCursor, secrets: Mapping[str, str]
) -> HttpRequest:
    """The list page at ``cursor.start``, or the contact of the next waiting registration."""
    if cursor.resolved < len(cursor.waiting):
        contact_id = dict(cursor.waiting[cursor.resolved])["Contact Id"]
        params: dict[str, object] = {"id": int(contact_id) if contact_id.isdigit() else contact_id}
        return signed_call(settings.api_base, "contact", "getContact", params, secrets)
    namespace, action = PULL_CALLS[cursor.source]
    params = {"perPage": PER_PAGE, "start": cursor.start}
    if cursor.event is not None:
        params["eventId"] = cursor.event
    wanted: dict[str, object] = {}
    if cursor.since and cursor.source in SERVER_FILTERED:
        wanted["modifiedDate__GREATERTHAN"] = cursor.since
    if wanted:
        params["filter"] = wanted
    return signed_call(settings.api_base, namespace, action, params, secrets)


def _paid_codes(settings: IvvySettings) -> set[str]:
    return {s.strip() for s in settings.paid_statuses if s.strip()}


def _payload(response: HttpResponse, api_base: str, what: str) -> object:
    if response.status_code != 200:
        raise_for_answer(response, api_base)
        raise TransientError(f"iVvy could not {what} ({parse_error(response).sentence()}).")
    return read_json(response, "iVvy")


def read_pull_page(
    settings: IvvySettings, cursor: IvvyPullCursor, response: HttpResponse
) -> PullPage:
    """Rows of a page (or, while registrations wait for their e-mails, none yet) and the
    cursor after it.

    Raises:
        SetupError: credentials, clock or address are wrong.
        TransientError: a passing failure.
    """
    if cursor.resolved < len(cursor.waiting):
        return _read_contact(settings, cursor, response)
    payload = _payload(response, settings.api_base, "list records")
    items = ivvy_lists.results_of(payload)
    total = _total(payload)
    rows = [_row(cursor.source, item) for item in items]
    note = ""
    if cursor.since and cursor.source not in SERVER_FILTERED:
        rows = [r for r in rows if _at_or_after(r["Modified"], cursor.since)]
        note = (
            f"iVvy's {cursor.source} list takes no filter: every record was read and those "
            f"modified before {cursor.since} were left out here."
        )
    if cursor.source == "registrations" and settings.pull_paid_only:
        paid = _paid_codes(settings)
        rows = [r for r in rows if r["Status"] in paid]
    done = len(items) < PER_PAGE or (total is not None and cursor.start + len(items) >= total)
    after = None if done or not items else cursor.start + len(items)
    if cursor.source == "registrations":
        for row in rows:
            row["Status"] = REGISTRATION_STATUSES.get(row["Status"], row["Status"])
        waiting = tuple(tuple(r.items()) for r in rows)
        if waiting:
            return PullPage([], replace(cursor, waiting=waiting, resolved=0, then=after))
    return PullPage(rows, None if after is None else replace(cursor, start=after), note)


def _read_contact(
    settings: IvvySettings, cursor: IvvyPullCursor, response: HttpResponse
) -> PullPage:
    """One registration's contact: its e-mail goes on the registration's row."""
    if response.status_code == 200:
        contact = read_json(response, "iVvy")
    else:
        raise_for_answer(response, settings.api_base)
        contact = {}  # the contact is gone: the registration is kept without an e-mail
    row = dict(cursor.waiting[cursor.resolved])
    if isinstance(contact, Mapping):
        row["Email"] = message_text(contact.get("email"))
        for column in ("First Name", "Last Name", "Phone"):
            row[column] = row[column] or message_text(contact.get(_WIRE_OF_COLUMN[column]))
    waiting = (
        *cursor.waiting[: cursor.resolved],
        tuple(row.items()),
        *cursor.waiting[cursor.resolved + 1 :],
    )
    resolved = cursor.resolved + 1
    if resolved < len(waiting):
        return PullPage([], replace(cursor, waiting=waiting, resolved=resolved))
    rows = [dict(r) for r in waiting]
    if cursor.then is None:
        return PullPage(rows, None)
    return PullPage(rows, replace(cursor, start=cursor.then, waiting=(), resolved=0, then=None))


def _total(payload: object) -> int | None:
    if isinstance(payload, Mapping) and isinstance(payload.get("meta"), Mapping):
        raw = payload["meta"].get("totalResults")
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    return None


def _row(source: str, item: Mapping[str, object]) -> dict[str, str]:
    row = {
        column: _text(item.get(_WIRE_OF_COLUMN.get(column, ""))) for column in PULL_COLUMNS[source]
    }
    if "Contact Id" in row:
        row["Contact Id"] = _text(item.get("mainContactId", item.get("contactId")))
    return row


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return message_text(value)


def _at_or_after(modified: str, since: str) -> bool:
    """iVvy timestamps (``yyyy-mm-dd HH:mm:ss``, "UTC" optional) compare as text."""
    return modified.removesuffix(" UTC").strip() >= since.removesuffix(" UTC").strip()
