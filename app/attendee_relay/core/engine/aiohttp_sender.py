"""AiohttpSender: the engine's default wire, one aiohttp session per run.

aiohttp (already here for the sandbox) has a C HTTP parser and costs ~0.3 ms of CPU a request;
httpx's own stack (httpcore on anyio) cost ~2 ms on a small machine, which made delivery
CPU-bound long before the platform's latency mattered. The session behaves as the engine expects
of any sender: no proxies from the environment, certifi's CA bundle (as httpx uses), no
redirects followed, no cookies, gzip and deflate decoded, the timeout on connecting and on each
read, and its errors turned into the same sentences as ``HttpxSender``'s.
"""

from __future__ import annotations

import functools
import ssl
import time

import aiohttp
import httpx
from yarl import URL

from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.engine.sender import (
    cannot_connect,
    connection_failed,
    headers_for,
    no_answer,
)


@functools.cache
def _default_tls() -> ssl.SSLContext:
    """certifi's CA bundle as httpx loads it: ~45 ms, so once per process, not once per run (a
    context is safe to share between connections and threads once configured)."""
    return httpx.create_ssl_context(trust_env=False)


class AiohttpSender:
    """Sends with one aiohttp session (created on first use, inside the running loop).

    Args:
        connections: most connections open at once (requests beyond wait for one).
        timeout_s: the longest wait to connect, and for each read of the answer.
        tls: the TLS context for https (default: certifi's CA bundle, as httpx uses).
        keepalive_s: how long an idle connection is kept (httpx's default is 5 s).
    """

    def __init__(
        self,
        connections: int,
        timeout_s: float,
        tls: ssl.SSLContext | None = None,
        keepalive_s: float = 5.0,
    ) -> None:
        self._connections = connections
        self._timeout_s = timeout_s
        self._timeout = aiohttp.ClientTimeout(
            total=None, connect=timeout_s, sock_connect=timeout_s, sock_read=timeout_s
        )
        self._tls = tls or _default_tls()
        self._keepalive_s = keepalive_s
        self._session: aiohttp.ClientSession | None = None
        self._urls: dict[str, URL] = {}

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._connections,
            limit_per_host=0,
            ssl=self._tls,
            keepalive_timeout=self._keepalive_s,
        )
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
            timeout=self._timeout,
            # Only the headers we send (sender.DEFAULT_HEADERS and the connector's).
            skip_auto_headers=("User-Agent", "Content-Type", "Accept-Encoding", "Accept"),
        )

    async def send(self, request: HttpRequest) -> HttpResponse:
        """The platform's whole answer; ``TransientError`` (or ``CannotConnect``) when none came."""
        if self._session is None:
            self._session = self._open()
        started = time.monotonic()
        try:
            async with self._session.request(
                request.method,
                self._url(request.url),
                headers=headers_for(request),
                data=request.body or None,
                allow_redirects=False,
                compress=None,
            ) as answer:
                body = await answer.read()
                return HttpResponse(
                    answer.status, answer.headers, body, elapsed_s=time.monotonic() - started
                )
        except (TimeoutError, aiohttp.ServerTimeoutError):  # connecting or reading
            raise no_answer(self._timeout_s) from None
        except aiohttp.ClientConnectorError as err:
            raise cannot_connect(request.url, err.os_error or err) from None
        except aiohttp.ServerDisconnectedError:
            raise connection_failed("Server disconnected without sending a response.") from None
        except (aiohttp.ClientError, OSError, ValueError) as err:  # ValueError: a bad URL
            raise connection_failed(err) from None

    def _url(self, text: str) -> URL:
        # Parsed once per address (a run sends to a handful); encoded=True keeps the
        # connector's percent-encoding byte for byte.
        url = self._urls.get(text)
        if url is None:
            if len(self._urls) >= 64:
                self._urls.clear()
            url = self._urls[text] = URL(text, encoded=True)
        return url

    async def aclose(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None
