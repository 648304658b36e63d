"""What happens around every simulated call: latency, the rate limit, and injected faults.

Order: wait the latency, rate-limit (a refused call is not processed), then a
fault before processing, or processing and perhaps a drop after it (the client never learns that
its request succeeded).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from aiohttp import web

from attendee_relay.sandbox.faults import DROP_AFTER, NO_FAULT
from attendee_relay.sandbox.web_common import runtime_of

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CONTROL_PREFIX = "/_sandbox"

_HTML_PAGES = {
    502: (
        "<html><head><title>502 Bad Gateway</title></head><body>"
        "<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
    ),
    503: (
        "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>"
        "<h1>Service Unavailable</h1><p>The server is temporarily unable to service your"
        " request due to maintenance downtime or capacity problems.</p></body></html>"
    ),
    500: (
        "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
        "<h1>Whoops, looks like something went wrong.</h1>"
        "<p>Fatal error: Uncaught Exception in /var/www/api/index.php:42</p></body></html>"
    ),
}


def _html(status: int) -> web.Response:
    return web.Response(status=status, text=_HTML_PAGES[status], content_type="text/html")


def _too_many(retry_after: int, *, as_json: bool) -> web.Response:
    headers = {"Retry-After": str(retry_after)}
    if as_json:
        body = {"status": "error", "message": "Too Many Requests", "retry_after": retry_after}
        return web.Response(
            status=429, text=json.dumps(body), content_type="application/json", headers=headers
        )
    return web.Response(status=429, text="Too Many Requests", headers=headers)


async def _drop(request: web.Request) -> web.Response:
    """Close the connection with no answer at all; the returned response is never written."""
    # Take the whole body first: the drop must look like the server's doing, not a broken upload.
    if not request.content.at_eof():
        await request.read()
    transport = request.transport
    if transport is not None:
        transport.close()
    return web.Response(status=204)


def _is_simulated(request: web.Request) -> bool:
    # Unmatched paths (404/405) and the control API are answered plainly.
    return request.match_info.http_exception is None and not request.path.startswith(CONTROL_PREFIX)


@web.middleware
async def simulate_platform(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Apply latency, rate limit and faults to every call of a simulator."""
    if not _is_simulated(request):
        return await handler(request)
    runtime = runtime_of(request)
    state = runtime.state
    config = runtime.config
    state.count("requests")
    if config.latency_ms:
        await asyncio.sleep(config.latency_ms / 1000.0)

    platform = request.path.strip("/").split("/", 1)[0]
    wait = runtime.admit(platform)
    if wait is not None:
        state.count("rate_limited")
        return _too_many(wait, as_json=True)

    fault = runtime.next_fault()
    if fault != NO_FAULT:
        state.count(f"fault_{fault}")
    if fault == "429":
        return _too_many(config.retry_after_s, as_json=False)
    if fault == "503":
        return _html(503)
    if fault == "502":
        return _html(502)
    if fault == "500_html":
        return _html(500)
    if fault == "drop":
        return await _drop(request)

    try:
        response = await handler(request)
    except ConnectionResetError:
        # The client went away mid-request (e.g. it was killed): nothing was processed.
        state.count("client_gone")
        return web.Response(status=499)
    state.count("processed")
    if fault == DROP_AFTER:
        return await _drop(request)
    return response
