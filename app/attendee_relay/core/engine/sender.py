"""How the engine puts a request on the wire: a ``Sender`` turns an ``HttpRequest`` into the
platform's whole ``HttpResponse``, or raises a ``TransientError`` that says what went wrong.

Two senders: ``AiohttpSender`` (``aiohttp_sender``), the default, and ``HttpxSender`` over any
httpx transport, which is how tests hand in ``httpx.MockTransport`` or respx routes. Both send
the same default headers and map their errors to the same three sentences.

Why not ``httpx.AsyncClient``: at a few hundred requests a second delivery is CPU-bound on a
laptop, and the client's per-request layers (URL merging, auth, cookies, redirects, event hooks,
its models) cost ~0.25 ms of CPU a request that the engine does not use.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Protocol

import httpx

from attendee_relay import __version__
from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.errors import TransientError

#: What every request carries unless the connector sets it: httpx's defaults, our User-Agent.
DEFAULT_HEADERS: Mapping[str, str] = {
    "Accept": "*/*",
    "Accept-Encoding": "gzip, deflate",
    "Connection": "keep-alive",
    "User-Agent": f"attendee-relay/{__version__}",
}


class CannotConnect(TransientError):
    """The host could not be reached at all (DNS, refused, no route)."""


class AnswerLost(TransientError):
    """The request went out but no answer came back (the connection dropped, or the server
    went quiet until the timeout): the platform may have processed it. Sending it again is
    harmless where the platform updates a record with the same identity, and may make a
    second copy where it cannot."""


class Sender(Protocol):
    """Sends one request and reads the whole answer."""

    async def send(self, request: HttpRequest) -> HttpResponse:
        """The answer, whatever its status; ``TransientError`` when there was none."""
        ...

    async def aclose(self) -> None:
        """Close the connections."""
        ...


def headers_for(request: HttpRequest) -> dict[str, str]:
    """The default headers with the connector's own on top (compared without case)."""
    own = {name.lower() for name in request.headers}
    merged = {k: v for k, v in DEFAULT_HEADERS.items() if k.lower() not in own}
    merged.update(request.headers)
    return merged


def no_answer(timeout_s: float) -> AnswerLost:
    return AnswerLost(f"No answer within {timeout_s:g} s.")


def cannot_connect(url: str, detail: object) -> CannotConnect:
    host = httpx.URL(url).host
    return CannotConnect(f"Cannot connect to {host} ({short_error(detail)}).")


def connection_failed(detail: object) -> AnswerLost:
    return AnswerLost(f"The connection failed ({short_error(detail)}).")


def short_error(err: object) -> str:
    """An error's text in at most 120 characters (its type's name when it has none)."""
    text = str(err) or type(err).__name__
    return text if len(text) <= 120 else text[:117] + "..."


class HttpxSender:
    """Sends over an httpx transport, e.g. ``httpx.MockTransport`` in tests."""

    def __init__(self, transport: httpx.AsyncBaseTransport, timeout_s: float) -> None:
        self._transport = transport
        self._timeout_s = timeout_s
        self._timeout = dict.fromkeys(("connect", "read", "write", "pool"), timeout_s)

    async def send(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        raw = httpx.Request(
            request.method,
            request.url,
            headers=headers_for(request),
            content=request.body,
            extensions={"timeout": self._timeout},
        )
        try:
            answer = await self._transport.handle_async_request(raw)
            try:
                body = await answer.aread()
            finally:
                await answer.aclose()
        except httpx.TimeoutException:
            raise no_answer(self._timeout_s) from None
        except httpx.ConnectError as err:
            raise cannot_connect(request.url, err) from None
        except httpx.TransportError as err:
            raise connection_failed(err) from None
        return HttpResponse(
            answer.status_code, answer.headers, body, elapsed_s=time.monotonic() - started
        )

    async def aclose(self) -> None:
        await self._transport.aclose()
