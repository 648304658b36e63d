"""Who the app is to an authorization server, and where that server's endpoints are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ClientAuth = Literal["form", "basic"]


@dataclass(frozen=True, slots=True)
class OAuthClient:
    """An OAuth 2.0 client registration (RFC 6749), as a connector's settings describe it.

    Attributes:
        authorize_url: the authorization endpoint the browser opens.
        token_url: the token endpoint codes and refresh tokens are traded at.
        client_id: the id the server issued.
        client_secret: the secret it issued, or "" for a public client (PKCE alone).
        scope: the ``scope`` asked for at the authorization endpoint ("" sends none).
        token_scope: an extra ``scope`` field in token requests, for servers that want one
            (GEVME documents ``scope=root``); "" sends none, as standard servers expect.
        client_auth: how a secret is sent: ``form`` (``client_secret`` in the body, as GEVME
            documents) or ``basic`` (HTTP Basic, RFC 6749 section 2.3.1).
        redirect_port: the loopback port to listen on; 0 lets the OS choose (RFC 8252), a fixed
            one is for servers that only accept the exact redirect URI registered.
        timeout_s: how long to wait for the browser to come back.
        http_timeout_s: how long to wait for the token endpoint.
    """

    authorize_url: str
    token_url: str
    client_id: str
    client_secret: str = ""
    scope: str = ""
    token_scope: str = ""
    client_auth: ClientAuth = "form"
    redirect_port: int = 0
    timeout_s: float = 300.0
    http_timeout_s: float = 30.0

    def __repr__(self) -> str:  # the secret stays out of logs and tracebacks
        return (
            f"OAuthClient(authorize_url={self.authorize_url!r}, token_url={self.token_url!r}, "
            f"client_id={self.client_id!r}, secret={'yes' if self.client_secret else 'no'})"
        )
