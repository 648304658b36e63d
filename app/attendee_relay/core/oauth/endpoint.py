"""The token endpoint: a code (with its PKCE verifier) or a refresh token in, tokens out."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl, quote

import httpx

from attendee_relay import __version__
from attendee_relay.core.oauth.client import OAuthClient
from attendee_relay.core.oauth.errors import TokenRequestFailed
from attendee_relay.core.oauth.tokens import TokenSet

#: RFC 6749 errors that mean "this grant is no good any more": sign in again.
GRANT_REFUSED = frozenset({"invalid_grant", "unauthorized_client", "invalid_client"})


class GrantRefused(TokenRequestFailed):
    """The server refused the code or refresh token itself (``invalid_grant`` and kin)."""


class TokenEndpoint:
    """Posts token requests for one client. Thread-safe (a fresh HTTP client per request).

    Args:
        client: the client registration.
        transport: an httpx transport, for tests.
        clock: the time source for expiry.
    """

    def __init__(
        self,
        client: OAuthClient,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self._transport = transport
        self._clock = clock

    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
        """Trade an authorization code for tokens (``grant_type=authorization_code``).

        Raises:
            GrantRefused: the server refused the code (used, expired, PKCE mismatch).
            TokenRequestFailed: the endpoint could not be reached or answered nonsense.
        """
        fields = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        return self._request(fields, previous_refresh="")

    def refresh(self, refresh_token: str) -> TokenSet:
        """Trade a refresh token for a new access token (``grant_type=refresh_token``).

        Raises:
            GrantRefused: the refresh token was refused (revoked, expired).
            TokenRequestFailed: the endpoint could not be reached or answered nonsense.
        """
        fields = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        return self._request(fields, previous_refresh=refresh_token)

    def _request(self, fields: dict[str, str], previous_refresh: str) -> TokenSet:
        client = self.client
        form = dict(fields)
        headers = {"Accept": "application/json", "User-Agent": f"attendee-relay/{__version__}"}
        headers_auth: dict[str, str] = {}
        if client.client_secret and client.client_auth == "basic":
            headers_auth["Authorization"] = basic_authorization(
                client.client_id, client.client_secret
            )
        else:
            form["client_id"] = client.client_id
            if client.client_secret:
                form["client_secret"] = client.client_secret
        if client.token_scope:
            form["scope"] = client.token_scope
        host = httpx.URL(client.token_url).host
        try:
            with httpx.Client(
                transport=self._transport, timeout=client.http_timeout_s, trust_env=False
            ) as http:
                response = http.post(
                    client.token_url, data=form, headers={**headers, **headers_auth}
                )
        except httpx.HTTPError as err:
            raise TokenRequestFailed(
                f"Cannot reach the sign-in server {host} ({type(err).__name__}); "
                "check token_url and the network, then try again."
            ) from None
        data = _parse(response)
        if response.status_code >= 400 or "error" in data:
            error = str(data.get("error", f"HTTP {response.status_code}"))
            detail = str(data.get("error_description", "")).strip()
            text = f"{error}{': ' + detail if detail else ''}"
            if error in GRANT_REFUSED or response.status_code in (400, 401):
                raise GrantRefused(f"The sign-in server {host} refused the request ({text}).")
            raise TokenRequestFailed(f"The sign-in server {host} answered {text}; try again later.")
        try:
            return TokenSet.from_response(
                data, now=self._clock(), previous_refresh=previous_refresh
            )
        except ValueError:
            raise TokenRequestFailed(
                f"The sign-in server {host} answered without an access token; check token_url."
            ) from None


def basic_authorization(client_id: str, client_secret: str) -> str:
    """The HTTP Basic header of RFC 6749 section 2.3.1: both parts percent-encoded, then base64.

    A space becomes ``%20``, not ``+``: servers decode with either ``unquote`` (Authlib) or
    ``unquote_plus``, and only ``%20`` means a space to both.
    """
    pair = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}"
    return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")


def _parse(response: httpx.Response) -> Mapping[str, object]:
    """A token answer as a mapping: JSON, or form-encoded as some older servers send."""
    body = response.content.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        pairs = parse_qsl(body)
        return dict(pairs) if pairs else {}
    return data if isinstance(data, dict) else {}
