"""The event's visitor categories for the wizard: ``account/getCategories`` lists them and
``account/setCategory`` creates or renames one (seed 003). The list's shape is not public: a bare
list or one under a common key, each entry ``id`` and ``name`` (or ``title``), is read."""

from __future__ import annotations

from collections.abc import Mapping

from attendee_relay.connectors.expoplatform_settings import ExpoPlatformSettings
from attendee_relay.connectors.expoplatform_wire import (
    call,
    items,
    raise_for_status,
    said,
    unwrap,
)
from attendee_relay.connectors.wire import as_text, read_json
from attendee_relay.core.connector_api import Choice, HttpRequest, HttpResponse
from attendee_relay.core.errors import TransientError


def categories_request(settings: ExpoPlatformSettings, secrets: Mapping[str, str]) -> HttpRequest:
    """``account/getCategories`` of the event."""
    return call(settings, "getCategories", [("event_id", settings.event)], secrets)


def read_categories(settings: ExpoPlatformSettings, response: HttpResponse) -> list[Choice]:
    """Category ids and names from the answer."""
    raise_for_status(settings, response, "getCategories")
    raw = read_json(response, "ExpoPlatform")
    return [
        Choice(
            as_text(str(item.get("id"))),
            as_text(str(item.get("name") or item.get("title") or item.get("id"))),
        )
        for item in items(raw)
        if item.get("id") is not None
    ]


def set_category_request(
    settings: ExpoPlatformSettings, name: str, secrets: Mapping[str, str], category_id: str = ""
) -> HttpRequest:
    """``account/setCategory``: create a visitor category, or rename ``category_id``."""
    pairs = [("event_id", settings.event), ("name", name)]
    if category_id:
        pairs.append(("id", category_id))
    return call(settings, "setCategory", pairs, secrets)


def read_set_category(settings: ExpoPlatformSettings, response: HttpResponse) -> str:
    """The id of the created or renamed category."""
    raise_for_status(settings, response, "setCategory")
    if response.status_code != 200:
        raise TransientError(f"ExpoPlatform did not save the category{said(response)}.")
    return as_text(str(unwrap(read_json(response, "ExpoPlatform")).get("id") or ""))
