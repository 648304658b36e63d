"""The connection test a connector offers: one harmless request, read by the connector."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from attendee_relay.core.connector_api import ConnectionTestResult, Connector, HttpResponse


def test_connection(
    connector: Connector,
    secrets: Mapping[str, str],
    transport: httpx.BaseTransport | None = None,
) -> ConnectionTestResult | None:
    """Send the connector's test request and read the answer.

    Returns None when the platform has no test endpoint: the caller then offers to send one
    test attendee instead (``attendee-relay push``, or the desktop app's test push).
    """
    request = connector.connection_test_request(secrets)
    if request is None:
        return None
    try:
        with httpx.Client(
            timeout=connector.settings.timeout_s, trust_env=False, transport=transport
        ) as client:
            raw = client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
    except httpx.HTTPError as err:
        host = httpx.URL(request.url).host
        return ConnectionTestResult(
            False, f"Cannot connect to {host}: {err or type(err).__name__}."
        )
    return connector.read_connection_test(HttpResponse(raw.status_code, raw.headers, raw.content))


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name
