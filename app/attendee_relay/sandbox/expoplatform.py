"""ExpoPlatform Open API v2 simulator (seed 003): ``/expoplatform/api/v2/account/{endpoint}``.

``Authorization: Basic <API KEY>`` with the key as issued (401 otherwise); form-data bodies
(multipart or urlencoded, as PHP reads both); ``set`` upserts a visitor matched by id, then
external_id, then email, overwrites only the fields sent (a visitor keeps its status unless one is
sent) and answers ``{id, status: CREATE|UPDATE, errors}``; unknown events and
categories answer 404; ``checkToken``, ``exists``, ``getCategories``, ``setCategory`` and a list
getter (``list``, with a ``timestamp`` delta filter and ``page``/``limit``).
"""

from __future__ import annotations

import time

from aiohttp import web

from attendee_relay.sandbox.platform_stores import ExpoStore
from attendee_relay.sandbox.web_common import form_pairs, is_valid_email, runtime_of

STATUSES = ("UPLOADED", "ACTIVE", "INACTIVE")
REQUIRED_TO_CREATE = ("event_id", "email", "first_name", "last_name")


def _json(status: int, body: object) -> web.Response:
    return web.json_response(body, status=status)


def _store(request: web.Request) -> ExpoStore:
    return runtime_of(request).state.expoplatform


async def handle(request: web.Request) -> web.Response:
    """Check the key and the event, then answer the endpoint."""
    config = runtime_of(request).config
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Basic ") or auth[len("Basic ") :] not in config.expoplatform_keys:
        return _json(401, {"message": "Unauthorized: the API key is missing, wrong or expired."})
    endpoint = request.match_info["endpoint"]
    form: dict[str, str] = {}
    for key, value in await form_pairs(request):
        form[key] = value
    if endpoint == "checkToken":
        return _json(200, {"success": True})
    handlers = {
        "set": _set,
        "exists": _exists,
        "getCategories": _categories,
        "setCategory": _set_category,
        "list": _list,
    }
    if endpoint not in handlers:
        return _json(404, {"message": f"Unknown endpoint {endpoint}."})
    event = form.get("event_id", "").strip()
    if not event:
        return _json(400, {"message": "event_id is required."})
    if event not in config.expoplatform_events:
        return _json(404, {"message": f"Event {event} not found."})
    return handlers[endpoint](request, event, form)


def _set(request: web.Request, event: str, form: dict[str, str]) -> web.Response:
    config = runtime_of(request).config
    store = _store(request)
    status = form.get("status", "").strip().upper()
    if status and status not in STATUSES:
        return _json(400, {"message": f"status must be one of {', '.join(STATUSES)}."})
    email = form.get("email", "").strip()
    if email and not is_valid_email(email):
        return _json(400, {"message": "email is not a valid e-mail address."})
    category = form.get("category_id", "").strip()
    with store.lock:
        ev = store.event(event)
        if category and (not category.isdigit() or int(category) not in ev.categories):
            return _json(404, {"message": f"Category {category} not found."})
        ident = store.find(event, form)
        if ident is None:
            missing = [k for k in REQUIRED_TO_CREATE if not form.get(k, "").strip()]
            if missing:
                return _json(400, {"message": f"Required to create: {', '.join(missing)}."})
            ident = store.next_id()
            ev.visitors[ident] = {"id": str(ident)}
            outcome = "CREATE"
        else:
            outcome = "UPDATE"
        visitor = ev.visitors[ident]
        # An update overwrites the fields sent, and only those: a visitor keeps its status
        # unless one is sent (seed 003, "Participant Update"). A new visitor without one gets
        # the platform's default, which is not published: a sandbox setting.
        visitor.update({k: v for k, v in form.items() if k not in ("id", "status")})
        visitor["status"] = status or visitor.get("status") or config.expoplatform_default_status
        visitor["modified"] = str(int(time.time()))
        store.log.append({"event": event, "id": ident, "status": outcome})
    errors = [] if form.get("send_email") in ("0", "1", None) else ["send_email must be 0 or 1"]
    return _json(200, {"id": ident, "status": outcome, "errors": errors})


def _exists(request: web.Request, event: str, form: dict[str, str]) -> web.Response:
    ident = _store(request).find(event, form)
    return _json(200, {"exists": ident is not None, "id": ident})


def _categories(request: web.Request, event: str, form: dict[str, str]) -> web.Response:
    with _store(request).lock:
        cats = _store(request).event(event).categories
        return _json(200, [{"id": i, "name": n} for i, n in sorted(cats.items())])


def _set_category(request: web.Request, event: str, form: dict[str, str]) -> web.Response:
    name = form.get("name", "").strip()
    if not name:
        return _json(400, {"message": "name is required."})
    store = _store(request)
    with store.lock:
        cats = store.event(event).categories
        given = form.get("id", "").strip()
        if given:
            if not given.isdigit() or int(given) not in cats:
                return _json(404, {"message": f"Category {given} not found."})
            ident, outcome = int(given), "UPDATE"
        else:
            ident, outcome = store.next_id(), "CREATE"
        cats[ident] = name
    return _json(200, {"id": ident, "status": outcome, "errors": []})


def _list(request: web.Request, event: str, form: dict[str, str]) -> web.Response:
    since = form.get("timestamp", "").strip()
    page = max(1, int(form.get("page", "1") or 1)) if form.get("page", "1").isdigit() else 1
    limit = int(form.get("limit", "100")) if form.get("limit", "100").isdigit() else 100
    with _store(request).lock:
        visitors = list(_store(request).event(event).visitors.values())
    if since.isdigit():
        visitors = [v for v in visitors if int(v.get("modified", "0")) >= int(since)]
    chunk = visitors[(page - 1) * limit : page * limit]
    return _json(200, {"data": chunk, "page": page, "total": len(visitors)})
