"""Pulling an ExpoPlatform event's visitors through its list getter (seed 003: "a list getter that
takes a ``timestamp`` delta filter").

Not public, and therefore settings: the getter's path (``pull_path``), its paging (``page`` and
``limit`` by default: ``pull_page_param``, ``pull_limit_param``, ``pull_limit``) and how
``timestamp`` is written (``timestamp_format``: unix seconds by default, or a date format). A full
page asks for the next; a short one ends the list. The pull's options travel in the cursor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from attendee_relay.connectors.expoplatform_settings import ExpoPlatformSettings
from attendee_relay.connectors.expoplatform_wire import call, items, raise_for_status, said
from attendee_relay.connectors.wire import as_text, option_moment, read_json
from attendee_relay.core.connector_api import HttpRequest, HttpResponse, PullPage
from attendee_relay.core.errors import InputError, TransientError

PULL_COLUMNS = ["Id", "Email", "First Name", "Last Name", "External Id", "Status"]
_PULL_WIRE = {
    "Id": "id",
    "Email": "email",
    "First Name": "first_name",
    "Last Name": "last_name",
    "External Id": "external_id",
    "Status": "status",
}


@dataclass(frozen=True, slots=True)
class ExpoPullCursor:
    """The page to ask for and the ``timestamp`` filter ("" for every visitor)."""

    page: int = 1
    timestamp: str = ""


def first_cursor(settings: ExpoPlatformSettings, options: Mapping[str, str]) -> ExpoPullCursor:
    """Page 1, with ``modified_since`` written as ``timestamp_format`` says.

    Raises:
        InputError: an unknown option, or a date that cannot be read.
    """
    unknown = sorted(set(options) - {"modified_since"})
    if unknown:
        raise InputError(f"ExpoPlatform has no pull option {unknown[0]!r}: use modified_since.")
    since = options.get("modified_since", "").strip()
    if not since:
        return ExpoPullCursor()
    moment = option_moment(since, "modified_since")
    if settings.timestamp_format == "unix":
        return ExpoPullCursor(1, str(int(moment.timestamp())))
    return ExpoPullCursor(1, moment.strftime(settings.timestamp_format))


def pull_request(
    settings: ExpoPlatformSettings, cursor: ExpoPullCursor, secrets: Mapping[str, str]
) -> HttpRequest:
    """A page of the list getter."""
    pairs = [
        ("event_id", settings.event),
        (settings.pull_page_param, str(cursor.page)),
        (settings.pull_limit_param, str(settings.pull_limit)),
    ]
    if cursor.timestamp:
        pairs.append(("timestamp", cursor.timestamp))
    return call(settings, settings.pull_path, pairs, secrets)


def read_pull_page(
    settings: ExpoPlatformSettings, cursor: ExpoPullCursor, response: HttpResponse
) -> PullPage:
    """Visitors of the page; the next page is asked for while a page comes back full."""
    raise_for_status(settings, response, settings.pull_path)
    if response.status_code != 200:
        raise TransientError(f"ExpoPlatform did not list visitors{said(response)}.")
    found = items(read_json(response, "ExpoPlatform"))
    rows = [
        {column: as_text(str(item.get(wire) or "")) for column, wire in _PULL_WIRE.items()}
        for item in found
    ]
    full = len(found) >= settings.pull_limit
    return PullPage(rows, replace(cursor, page=cursor.page + 1) if full else None)
