"""GEVME simulator: ``GET /events/{event}/attendees`` behind the OAuth server's bearer tokens.

GEVME's paging and envelope are not published: this answers ``limit`` (at most 1,000) and a
1-based ``page`` with ``{"data": [...], "meta": {...}}`` (or a bare list, by config), filters
``modifiedFrom``/``modifiedTo`` and ``where[email]``, and refuses a missing or expired token with 401.
Told to (``gevme_ignore_page``), it answers the first page whatever ``page`` says.
"""

from __future__ import annotations

from aiohttp import web

from attendee_relay.sandbox.gevme_people import attendee, parse_moment
from attendee_relay.sandbox.oauth_server import bearer_ok
from attendee_relay.sandbox.web_common import runtime_of


def _bad(message: str, status: int = 400) -> web.Response:
    return web.json_response({"status": "error", "message": message}, status=status)


async def list_attendees(request: web.Request) -> web.Response:
    """One page of an event's attendees, ordered by id."""
    runtime = runtime_of(request)
    config = runtime.config
    if not bearer_ok(request):
        return web.json_response(
            {"error": "invalid_token", "message": "Unauthenticated."},
            status=401,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    event = request.match_info["event"]
    if event not in config.gevme_events:
        return _bad(f"Event {event} not found.", 404)
    q = request.query
    try:
        limit = int(q.get("limit", "50"))
        page = int(q.get("page", "1"))
    except ValueError:
        return _bad("limit and page must be whole numbers.")
    if not 1 <= limit <= config.gevme_max_limit:
        return _bad(f"limit must be between 1 and {config.gevme_max_limit}.")
    if page < 1:
        return _bad("page starts at 1.")
    if config.gevme_ignore_page:
        page = 1
    bounds = []
    for name in ("modifiedFrom", "modifiedTo"):
        moment = parse_moment(q[name]) if q.get(name) else None
        if q.get(name) and moment is None:
            return _bad(f"{name} must be a date and time like 2024-03-01 09:30:00.")
        bounds.append(moment)
    low, high = bounds
    email = q.get("where[email]", "").strip().lower()
    touched = runtime.state.touched_attendees(event)
    people = []
    for index in range(config.gevme_attendee_count):
        person = attendee(event, index, touched.get(index))
        if email and person["email"] != email:
            continue
        if low or high:
            modified = parse_moment(person["modifiedAt"])
            assert modified is not None
            if (low and modified < low) or (high and modified > high):
                continue
        people.append(person)
    chunk = people[(page - 1) * limit : page * limit]
    if config.gevme_bare_list:
        return web.json_response(chunk)
    last_page = max(1, -(-len(people) // limit))
    meta = {"current_page": page, "per_page": limit, "total": len(people), "last_page": last_page}
    return web.json_response({"data": chunk, "meta": meta})


def add_gevme_routes(app: web.Application, prefix: str) -> None:
    """Mount the attendee list under ``prefix``."""
    app.router.add_get(prefix + "/events/{event}/attendees", list_attendees)
