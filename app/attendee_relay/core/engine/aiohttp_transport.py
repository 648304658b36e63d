"""An httpx transport that sends over aiohttp: the engine's default, for CPU per request.

httpx's own stack (httpcore on anyio) costs ~2 ms of CPU per request on a small machine, about
six times aiohttp's, which made delivery CPU-bound long before the platform's latency mattered.
httpx stays the API (requests, responses, errors, test transports); only the wire changes. The
transport keeps httpx's behaviour: no proxies from the environment, certifi's CA bundle, no
redirects, no cookies of its own (httpx's client keeps them), bodies decoded by httpx, and
aiohttp's errors raised as the httpx errors they correspond to.
"""

from __future__ import annotations

import ssl

import aiohttp
import httpx
from yarl import URL


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests with one aiohttp session (created on first use, in the running loop).

    Args:
        connections: most connections open at once (requests beyond wait for one).
        tls: the TLS context for https (default: certifi's CA bundle, as httpx uses).
        keepalive_s: how long an idle connection is kept (httpx's default is 5 s).
    """

    def __init__(
        self, connections: int, tls: ssl.SSLContext | None = None, keepalive_s: float = 5.0
    ) -> None:
        self._connections = connections
        self._tls = tls or httpx.create_ssl_context(trust_env=False)
        self._keepalive_s = keepalive_s
        self._session: aiohttp.ClientSession | None = None

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
            auto_decompress=False,  # httpx decodes, as with its own transport
            trust_env=False,
            skip_auto_headers=("User-Agent", "Content-Type", "Accept-Encoding"),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` and read the whole answer; aiohttp errors become httpx errors."""
        if self._session is None:
            self._session = self._open()
        timeouts = request.extensions.get("timeout", {})
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=timeouts.get("pool"),
            sock_connect=timeouts.get("connect"),
            sock_read=timeouts.get("read"),
        )
        body = await request.aread()
        try:
            async with self._session.request(
                request.method,
                URL(str(request.url), encoded=True),
                headers=list(request.headers.multi_items()),
                data=body or None,
                allow_redirects=False,
                timeout=timeout,
                compress=None,
            ) as answer:
                content = await answer.read()
                headers = [
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in answer.raw_headers
                ]
                http = answer.version
                version = f"HTTP/{http.major}.{http.minor}".encode() if http else b"HTTP/1.1"
                return httpx.Response(
                    answer.status,
                    headers=headers,
                    stream=httpx.ByteStream(content),
                    request=request,
                    extensions={"http_version": version},
                )
        except aiohttp.ConnectionTimeoutError as err:
            raise httpx.ConnectTimeout(
                str(err) or "Connecting timed out.", request=request
            ) from err
        except (TimeoutError, aiohttp.ServerTimeoutError) as err:
            raise httpx.ReadTimeout(str(err) or "Reading timed out.", request=request) from err
        except aiohttp.ClientConnectorError as err:
            raise httpx.ConnectError(str(err.os_error or err), request=request) from err
        except aiohttp.ServerDisconnectedError as err:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from err
        except aiohttp.InvalidURL as err:
            raise httpx.UnsupportedProtocol(str(err), request=request) from err
        except (aiohttp.ClientError, OSError) as err:
            raise httpx.ReadError(str(err) or type(err).__name__, request=request) from err

    async def aclose(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None
