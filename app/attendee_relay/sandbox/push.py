"""A CRM-style JSON push receiver, like the endpoint 10times' Push API posts leads to (seed 000).

Takes one raw JSON object per POST under any path below ``/push/``; 401 when a configured header
is missing or wrong, 415 for another content type, 400 for a body that is not a JSON object.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from attendee_relay.sandbox.web_common import runtime_of


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"status": "error", "message": message}, status=status)


async def receive(request: web.Request) -> web.Response:
    """Check and record one pushed lead."""
    runtime = runtime_of(request)
    config = runtime.config
    if config.push_auth_header is not None:
        sent = request.headers.get(config.push_auth_header)
        if sent != config.push_auth_value:
            return _error(401, f"Missing or wrong {config.push_auth_header} header.")
    if request.content_type != "application/json":
        return _error(415, "Send the lead as raw JSON with Content-Type: application/json.")
    body = await request.read()
    try:
        lead: Any = json.loads(body.decode(request.charset or "utf-8"))
    except (UnicodeDecodeError, LookupError, json.JSONDecodeError) as exc:
        return _error(400, f"The body is not valid JSON: {exc}.")
    if not isinstance(lead, dict):
        return _error(400, "The body must be one JSON object (one lead).")
    headers = {
        name.lower(): request.headers[name]
        for name in ("Content-Type", "User-Agent")
        if name in request.headers
    }
    runtime.state.add_pushed(request.match_info["tail"], lead, headers)
    return web.json_response({"status": "ok", "received": 1})
