"""What happens around every simulated call: latency, the rate limit, and injected faults.

Order: rate-limit (a refused call is not processed), then a fault before processing, or
processing and perhaps a drop after it (the client never learns that its request succeeded).
Whatever the outcome, the answer (or the drop) leaves ``latency_ms`` after the request arrived:
the latency is the platform's response time as a client sees it, its own processing included,
so that many calls in flight at once do not queue their processing on top of the latency.
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


async def _stay_quiet(request: web.Request, longest_s: float = 600.0) -> None:
    """Accept the call, then say nothing, as a server that hangs: until the client gives up and
    closes the connection (polled: aiohttp does not cancel a handler when its client leaves)."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + longest_s
    while loop.time() < give_up:
        transport = request.transport
        if transport is None or transport.is_closing():
            return
        await asyncio.sleep(0.05)


def _is_simulated(request: web.Request) -> bool:
    # Unmatched paths (404/405) and the control API are answered plainly.
    return request.match_info.http_exception is None and not request.path.startswith(CONTROL_PREFIX)


@web.middleware
async def simulate_platform(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Apply latency, rate limit and faults to every call of a simulator."""
    if not _is_simulated(request):
        return await handler(request)
    runtime = runtime_of(request)
    runtime.state.count("requests")
    loop = asyncio.get_running_loop()
    answer_at = loop.time() + runtime.config.latency_ms / 1000.0
    response, drop = await _simulate(request, handler)
    if (wait := answer_at - loop.time()) > 0:
        await asyncio.sleep(wait)
    return await _drop(request) if drop else response


async def _simulate(request: web.Request, handler: Handler) -> tuple[web.StreamResponse, bool]:
    """The call's answer, and whether the connection is to be dropped instead of answering."""
    runtime = runtime_of(request)
    state = runtime.state
    config = runtime.config
    platform = request.path.strip("/").split("/", 1)[0]
    wait = runtime.admit(platform)
    if wait is not None:
        state.count("rate_limited")
        return _too_many(wait, as_json=True), False

    fault = runtime.next_fault()
    if fault != NO_FAULT:
        state.count(f"fault_{fault}")
    if fault == "429":
        return _too_many(config.retry_after_s, as_json=False), False
    if fault in ("503", "502"):
        return _html(int(fault)), False
    if fault == "500_html":
        return _html(500), False
    if fault == "drop":
        return web.Response(status=204), True  # never written: the connection is closed
    if fault == "quiet":
        await _stay_quiet(request)
        return web.Response(status=204), True

    try:
        response = await handler(request)
    except ConnectionResetError:
        # The client went away mid-request (e.g. it was killed): nothing was processed.
        state.count("client_gone")
        return web.Response(status=499), False
    state.count("processed")
    return response, fault == DROP_AFTER
