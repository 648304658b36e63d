"""The iVvy simulator's events: ``event?action=getRegistrationList`` and ``getAttendeeList``, as
``vendor-docs/ivvy/events/`` documents them.

A registration carries ``currentStatus`` (1 In Progress, 2 Completed, 4 Payment Waiting),
``isExhibitor`` and ``mainContactId`` but no e-mail: the e-mail is on the contact. The attendee list
documents "No filters available", so any filter on it is refused. Each configured event is filled
the first time it is asked for, its main contacts added to the account's contacts.
"""

from __future__ import annotations

from typing import Any

from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.ivvy_answers import Answer, error, page, whole_number
from attendee_relay.sandbox.ivvy_filters import FilterRefused, apply_filter
from attendee_relay.sandbox.ivvy_store import (
    COMPLETED,
    IN_PROGRESS,
    PAYMENT_WAITING,
    IvvyEvent,
    IvvyStore,
    now_timestamp,
)

STATUS_CYCLE = (IN_PROGRESS, COMPLETED, PAYMENT_WAITING)

REGISTRATION_PROPERTIES = (
    "id",
    "eventName",
    "currentStatus",
    "isExhibitor",
    "completedDate",
    "mainContactId",
    "firstName",
    "lastName",
    "phone",
    "invoiceTotalCost",
    "invoiceTotalPaid",
    "createdDate",
    "modifiedDate",
)


def event_of(store: IvvyStore, event_id: int, registrations: int) -> IvvyEvent:
    """The event's registrations and attendees, made on first use."""
    with store.lock:
        event = store.events.get(event_id)
        if event is not None:
            return event
        event = store.events[event_id] = IvvyEvent()
        stamp = now_timestamp()
        for n in range(registrations):
            status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
            first, last = f"Reg{n}", f"Person{n}"
            contact_id, _ = store.upsert(
                {"firstName": first, "lastName": last, "email": f"reg{n}@example.com"}
            )
            cost = 100 + 10 * n
            registration_id = store.next_id()
            event.registrations.append(
                {
                    "id": registration_id,
                    "eventName": f"Event {event_id}",
                    "currentStatus": status,
                    "isExhibitor": n % 5 == 4,
                    "completedDate": stamp if status == COMPLETED else None,
                    "mainContactId": contact_id,
                    "firstName": first,
                    "lastName": last,
                    "phone": f"+6140000{n:04d}",
                    "invoiceTotalCost": cost,
                    "invoiceTotalPaid": cost if status == COMPLETED else 0,
                    "createdDate": stamp,
                    "modifiedDate": stamp,
                }
            )
            event.attendees.append(
                {
                    "id": store.next_id(),
                    "registrationStatus": status,
                    "contactId": contact_id,
                    "ticketTitle": "Exhibitor" if n % 5 == 4 else "Delegate",
                    "firstName": first,
                    "lastName": last,
                    "email": f"reg{n}@example.com",
                    "hasAttended": n % 2 == 0,
                    "barcode": f"B{registration_id}",
                    "cost": cost,
                    "customFields": [],
                    "sessions": [],
                    "createdDate": stamp,
                    "modifiedDate": stamp,
                }
            )
        return event


def _event(config: SandboxConfig, store: IvvyStore, params: dict[str, Any]) -> IvvyEvent | None:
    event_id = whole_number(params, "eventId", 0)
    if not event_id or str(event_id) not in config.ivvy_events:
        return None
    return event_of(store, event_id, config.ivvy_registrations_per_event)


def registration_list(config: SandboxConfig, store: IvvyStore, params: dict[str, Any]) -> Answer:
    """``getRegistrationList``: perPage "greater than 0 and maximum 100"; filters on its
    properties, ``modifiedDate`` documented."""
    per_page = whole_number(params, "perPage", 100)
    if per_page is None or not 0 < per_page <= 100:
        return error(400, "'perPage' does not validate", 23016)
    event = _event(config, store, params)
    if event is None:
        return error(404, "Unable to find event", 24206)
    with store.lock:
        items = [dict(r) for r in event.registrations]
    try:
        chosen = apply_filter(items, params.get("filter"), REGISTRATION_PROPERTIES)
    except FilterRefused as err:
        return error(400, str(err), 23016)
    return page([dict(r) for r in chosen], params)


def attendee_list(config: SandboxConfig, store: IvvyStore, params: dict[str, Any]) -> Answer:
    """``getAttendeeList``: "No filters available"."""
    event = _event(config, store, params)
    if event is None:
        return error(404, "Unable to find event", 24210)
    if params.get("filter") not in (None, "", [], {}):
        return error(400, "'filter' does not validate: the attendee list takes no filters", 23016)
    with store.lock:
        items = [dict(a) for a in event.attendees]
    return page(items, params)
