"""10times Pull API simulator: ``POST /v1/register`` as seed 000 documents it.

Sandbox choices where the article is silent: failures answer HTTP 200 with ``status: 0`` (the
article only shows the JSON); several attendees in one request are all refused if one is invalid;
on success with several attendees ``userInfo`` is a list of ``{"floorLink": ...}`` in attendee
order (one attendee: a single dict, as documented); registering the same email twice is accepted
and counted, so tests can see duplicates.
"""

from __future__ import annotations

import hashlib
from typing import Any

from aiohttp import web

from attendee_relay.sandbox.formdata import ordered_items, parse_bracketed
from attendee_relay.sandbox.web_common import form_pairs, is_valid_email, runtime_of

SUCCESS_MESSAGE = "User Successfully Registered"


class _Refused(Exception):
    """A registration refused with the message 10times would give."""


def _failure(message: str) -> web.Response:
    return web.json_response({"status": 0, "message": message})


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _check_attendee(attendee: Any) -> dict[str, Any]:
    if not isinstance(attendee, dict):
        raise _Refused("Attendee details are invalid")
    if not _text(attendee, "name"):
        raise _Refused("Name is required")
    email = _text(attendee, "email")
    if not email:
        raise _Refused("Email is required")
    if not is_valid_email(email):
        raise _Refused("Email is invalid")
    return attendee


def _floor_link(base: str, event: str, email: str, nth: int) -> str:
    # Deterministic, so a repeated test run sees the same links.
    token = hashlib.sha256(f"{event}:{email.lower()}:{nth}".encode()).hexdigest()[:24]
    return f"{base.rstrip('/')}/{token}"


async def register(request: web.Request) -> web.Response:
    """Validate and record one registration request (one or several attendees)."""
    runtime = runtime_of(request)
    config = runtime.config
    data = parse_bracketed(await form_pairs(request))
    try:
        if not config.tentimes_ip_allowed:
            raise _Refused("IP not allowed")
        if _text(data, "key") not in config.tentimes_keys:
            raise _Refused("Invalid key")
        event = _text(data, "event")
        if not event:
            raise _Refused("Event is required")
        if not event.isdigit() or str(int(event)) not in config.tentimes_events:
            raise _Refused("Invalid event")
        event = str(int(event))
        channel = _text(data, "channel")
        if not channel:
            raise _Refused("Channel is required")
        if config.tentimes_channels and channel not in config.tentimes_channels:
            raise _Refused("Invalid channel")
        attendees = [_check_attendee(a) for a in ordered_items(data.get("attendee"))]
        if not attendees:
            raise _Refused("Attendee details are required")
    except _Refused as refused:
        return _failure(str(refused))

    billing = data.get("billing")
    infos = []
    for attendee in attendees:
        email = _text(attendee, "email")
        nth = runtime.state.registration_count(event, email) + 1
        link = _floor_link(config.tentimes_floor_base, event, email, nth)
        runtime.state.add_registration(event, channel, attendee, billing, link)
        infos.append({"floorLink": link})
    user_info: Any = infos[0] if len(infos) == 1 else infos
    return web.json_response({"status": 1, "message": SUCCESS_MESSAGE, "userInfo": user_info})
