"""The engine's default wire (aiohttp): the request as given, the whole answer, clear errors."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiohttp import web

from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.engine.aiohttp_sender import AiohttpSender
from attendee_relay.core.engine.sender import CannotConnect
from attendee_relay.core.errors import TransientError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@asynccontextmanager
async def server(handler: Handler) -> AsyncIterator[str]:
    """A local aiohttp server answering every path with ``handler``; yields its base URL."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def send(request: HttpRequest, timeout: float = 5.0) -> HttpResponse:
    sender = AiohttpSender(4, timeout)
    try:
        return await sender.send(request)
    finally:
        await sender.aclose()


def get(url: str) -> HttpRequest:
    return HttpRequest("GET", url)


def test_sends_method_path_headers_and_body_as_given_and_returns_the_answer() -> None:
    seen: dict[str, object] = {}

    async def echo(request: web.Request) -> web.Response:
        seen.update(
            method=request.method,
            path_qs=request.raw_path,
            body=await request.read(),
            header=request.headers.get("X-Test"),
            content_type=request.headers.get("Content-Type"),
            user_agent=request.headers.get("User-Agent", "").split("/")[0],
            accept=request.headers.get("Accept"),
        )
        return web.Response(status=201, body=b'{"ok": 1}', headers={"X-Answer": "yes"})

    async def scenario() -> HttpResponse:
        async with server(echo) as url:
            return await send(
                HttpRequest(
                    "POST",
                    f"{url}/v1/register?a=%2B1&b=x%20y",
                    {"X-Test": "1", "Content-Type": "application/x-www-form-urlencoded"},
                    b"key=k&email=a%40b.c",
                )
            )

    answer = asyncio.run(scenario())
    assert answer.status_code == 201
    assert answer.body == b'{"ok": 1}'
    assert answer.headers["x-answer"] == "yes"
    assert seen == {
        "method": "POST",
        "path_qs": "/v1/register?a=%2B1&b=x%20y",
        "body": b"key=k&email=a%40b.c",
        "header": "1",
        "content_type": "application/x-www-form-urlencoded",
        "user_agent": "attendee-relay",
        "accept": "*/*",
    }


def test_a_gzip_answer_is_decoded_once() -> None:
    async def zipped(request: web.Request) -> web.Response:
        return web.Response(body=gzip.compress(b"hello"), headers={"Content-Encoding": "gzip"})

    async def scenario() -> bytes:
        async with server(zipped) as url:
            return (await send(get(url))).body

    assert asyncio.run(scenario()) == b"hello"


def test_no_redirect_is_followed() -> None:
    async def moved(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "/elsewhere"})

    async def scenario() -> int:
        async with server(moved) as url:
            return (await send(get(url))).status_code

    assert asyncio.run(scenario()) == 302


def test_a_refused_connection_says_it_cannot_connect() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def scenario() -> None:
        await send(get(f"http://127.0.0.1:{port}/"))

    with pytest.raises(CannotConnect, match=r"Cannot connect to 127\.0\.0\.1"):
        asyncio.run(scenario())


def test_no_answer_in_time_says_so() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    async def scenario() -> None:
        async with server(slow) as url:
            await send(get(url), timeout=0.2)

    with pytest.raises(TransientError, match=r"No answer within 0.2 s\."):
        asyncio.run(scenario())


def test_a_dropped_connection_is_a_failed_connection() -> None:
    async def drop(request: web.Request) -> web.Response:
        assert request.transport is not None
        request.transport.close()
        await asyncio.sleep(0.1)
        return web.Response(text="never sent")

    async def scenario() -> None:
        async with server(drop) as url:
            await send(get(url))

    with pytest.raises(TransientError, match="The connection failed"):
        asyncio.run(scenario())
