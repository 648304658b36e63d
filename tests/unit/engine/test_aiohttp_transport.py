"""The engine's default wire (aiohttp under httpx): same answers and the same httpx errors."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from aiohttp import web

from attendee_relay.core.engine.aiohttp_transport import AiohttpTransport

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


def client(timeout: float = 5.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=AiohttpTransport(4), timeout=timeout, trust_env=False)


def test_sends_method_path_headers_and_body_as_given_and_returns_the_answer() -> None:
    seen: dict[str, object] = {}

    async def echo(request: web.Request) -> web.Response:
        seen.update(
            method=request.method,
            path_qs=request.raw_path,
            body=await request.read(),
            header=request.headers.get("X-Test"),
            content_type=request.headers.get("Content-Type"),
        )
        return web.Response(status=201, body=b'{"ok": 1}', headers={"X-Answer": "yes"})

    async def scenario() -> httpx.Response:
        async with server(echo) as url, client() as http:
            return await http.post(
                f"{url}/v1/register?a=%2B1&b=x%20y",
                content=b"key=k&email=a%40b.c",
                headers={"X-Test": "1", "Content-Type": "application/x-www-form-urlencoded"},
            )

    answer = asyncio.run(scenario())
    assert answer.status_code == 201
    assert answer.content == b'{"ok": 1}'
    assert answer.headers["x-answer"] == "yes"
    assert seen == {
        "method": "POST",
        "path_qs": "/v1/register?a=%2B1&b=x%20y",
        "body": b"key=k&email=a%40b.c",
        "header": "1",
        "content_type": "application/x-www-form-urlencoded",
    }


def test_a_gzip_answer_is_decoded_once() -> None:
    async def zipped(request: web.Request) -> web.Response:
        return web.Response(body=gzip.compress(b"hello"), headers={"Content-Encoding": "gzip"})

    async def scenario() -> bytes:
        async with server(zipped) as url, client() as http:
            return (await http.get(url)).content

    assert asyncio.run(scenario()) == b"hello"


def test_no_redirect_is_followed() -> None:
    async def moved(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "/elsewhere"})

    async def scenario() -> int:
        async with server(moved) as url, client() as http:
            return (await http.get(url)).status_code

    assert asyncio.run(scenario()) == 302


def test_a_refused_connection_is_an_httpx_connect_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def scenario() -> None:
        async with client() as http:
            await http.get(f"http://127.0.0.1:{port}/")

    with pytest.raises(httpx.ConnectError):
        asyncio.run(scenario())


def test_no_answer_in_time_is_an_httpx_timeout() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    async def scenario() -> None:
        async with server(slow) as url, client(timeout=0.2) as http:
            await http.get(url)

    with pytest.raises(httpx.TimeoutException):
        asyncio.run(scenario())


def test_a_dropped_connection_is_an_httpx_transport_error() -> None:
    async def drop(request: web.Request) -> web.Response:
        assert request.transport is not None
        request.transport.close()
        await asyncio.sleep(0.1)
        return web.Response(text="never sent")

    async def scenario() -> None:
        async with server(drop) as url, client() as http:
            await http.get(url)

    with pytest.raises(httpx.TransportError):
        asyncio.run(scenario())
