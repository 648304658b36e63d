"""The ``/_sandbox/*`` control API: read what was recorded, reset it, change the config live.

Never subject to latency, rate limits or faults, so tests in another process can steer the sandbox.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from attendee_relay.sandbox.web_common import runtime_of


async def received(request: web.Request) -> web.Response:
    """``GET /_sandbox/received``: everything recorded, per platform, plus counters."""
    return web.json_response(runtime_of(request).received())


async def reset(request: web.Request) -> web.Response:
    """``POST /_sandbox/reset``: forget everything recorded; the config stays."""
    runtime_of(request).reset()
    return web.json_response({"status": "ok"})


async def get_config(request: web.Request) -> web.Response:
    """``GET /_sandbox/config``: the config in force."""
    return web.json_response(runtime_of(request).config.to_json())


async def post_config(request: web.Request) -> web.Response:
    """``POST /_sandbox/config`` with a JSON object of changes; 400 says what was wrong."""
    try:
        changes: Any = json.loads(await request.text())
    except json.JSONDecodeError as exc:
        return web.json_response({"status": "error", "message": f"Invalid JSON: {exc}"}, status=400)
    if not isinstance(changes, dict):
        return web.json_response(
            {"status": "error", "message": "Send a JSON object of settings to change."}, status=400
        )
    try:
        config = runtime_of(request).configure(changes)
    except ValueError as exc:
        return web.json_response({"status": "error", "message": str(exc)}, status=400)
    return web.json_response(config.to_json())


def add_control_routes(app: web.Application) -> None:
    """Register the control routes under ``/_sandbox``."""
    app.router.add_get("/_sandbox/received", received)
    app.router.add_post("/_sandbox/reset", reset)
    app.router.add_get("/_sandbox/config", get_config)
    app.router.add_post("/_sandbox/config", post_config)
