"""A third-party OAuth 2.0 authorization server for the tests: Authlib's, on Flask, on 127.0.0.1.

Authlib (not this repository) parses the requests, checks the client, the redirect URI, single-use
codes and PKCE S256 (``CodeChallenge(required=True)``), and writes every answer. This module only
stores codes and tokens in memory, approves or declines the consent form as told, and records each
token request so a test can see what the client sent.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from flask import Flask, request
from werkzeug.serving import make_server

CONSENT_FORM = (
    "<!DOCTYPE html><title>Authorize</title><form method='post'>"
    '<button name="confirm" value="yes">Allow</button>'
    '<button name="confirm" value="no">Deny</button></form>'
)
LOOPBACK_HOSTS = ("127.0.0.1", "::1")


@dataclass
class Client:
    """One registered client. ``auth_method`` is ``none`` (public, PKCE alone),
    ``client_secret_basic`` or ``client_secret_post``."""

    client_id: str
    client_secret: str = ""
    auth_method: str = "none"
    redirect_path: str = "/callback"
    scope: str = "attendees:read"

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.scope.split())
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # RFC 8252 section 7.3: a loopback IP literal, any port, the registered path.
        parts = urlsplit(redirect_uri)
        return (
            parts.scheme == "http"
            and parts.hostname in LOOPBACK_HOSTS
            and parts.path == self.redirect_path
        )

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(self.client_secret) and client_secret == self.client_secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.auth_method if endpoint == "token" else True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    code_challenge: str | None
    code_challenge_method: str | None
    issued_at: float = field(default_factory=time.time)

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> None:
        return None

    def get_auth_time(self) -> float:
        return self.issued_at


@dataclass
class Token:
    client_id: str
    access_token: str
    refresh_token: str | None
    scope: str
    revoked: bool = False

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return 3600

    def is_expired(self) -> bool:
        return False

    def is_revoked(self) -> bool:
        return self.revoked


class AuthlibServer:
    """Authlib's authorization server on a free loopback port, in a thread.

    ``authorize_url`` and ``token_url`` are what a client is configured with; ``token_requests``
    holds the form of every POST to the token endpoint and the status Authlib answered.
    """

    def __init__(self, client: Client) -> None:
        self.client = client
        self.codes: dict[str, Code] = {}
        self.tokens: list[Token] = []
        self.token_requests: list[dict[str, Any]] = []
        self.authorize_requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self.app = self._build_app()
        self._http = make_server("127.0.0.1", 0, self.app, threaded=True)
        base = f"http://127.0.0.1:{self._http.server_port}"
        self.authorize_url = f"{base}/oauth/authorize"
        self.token_url = f"{base}/oauth/token"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> AuthlibServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(5)

    def _query_client(self, client_id: str) -> Client | None:
        return self.client if client_id == self.client.client_id else None

    def _save_token(self, token: dict[str, Any], req: Any) -> None:
        with self._lock:
            self.tokens.append(
                Token(
                    req.client.client_id,
                    token["access_token"],
                    token.get("refresh_token"),
                    token.get("scope", ""),
                )
            )

    def _build_app(self) -> Flask:
        app = Flask("authlib-test-server")
        app.config["OAUTH2_REFRESH_TOKEN_GENERATOR"] = True  # Authlib's own generator
        server = AuthorizationServer(
            app, query_client=self._query_client, save_token=self._save_token
        )
        owner = self

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_basic", "client_secret_post"]  # noqa: RUF012

            def save_authorization_code(self, code: str, req: Any) -> None:
                data = req.payload.data
                owner.codes[code] = Code(
                    code,
                    req.client.client_id,
                    req.payload.redirect_uri,
                    req.payload.scope or "",
                    data.get("code_challenge"),
                    data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                item = owner.codes.get(code)
                return item if item and item.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                owner.codes.pop(authorization_code.code, None)  # single use

            def authenticate_user(self, authorization_code: Code) -> dict[str, str]:
                return {"id": "coordinator"}

        class RefreshGrant(grants.RefreshTokenGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_basic", "client_secret_post"]  # noqa: RUF012
            INCLUDE_NEW_REFRESH_TOKEN = True

            def authenticate_refresh_token(self, refresh_token: str) -> Token | None:
                return next(
                    (t for t in owner.tokens if t.refresh_token == refresh_token and not t.revoked),
                    None,
                )

            def authenticate_user(self, refresh_token: Token) -> dict[str, str]:
                return {"id": "coordinator"}

            def revoke_old_credential(self, refresh_token: Token) -> None:
                refresh_token.revoked = True

        server.register_grant(CodeGrant, [CodeChallenge(required=True)])
        server.register_grant(RefreshGrant)

        @app.route("/oauth/authorize", methods=["GET", "POST"])
        def authorize() -> Any:
            owner.authorize_requests.append(dict(request.args))
            try:
                grant = server.get_consent_grant(end_user={"id": "coordinator"})
            except OAuth2Error as error:  # no redirect to an address not known to be the client's
                return {"error": error.error, "error_description": error.description}, 400
            if request.method == "GET":
                return CONSENT_FORM
            user = {"id": "coordinator"} if request.form.get("confirm") == "yes" else None
            return server.create_authorization_response(grant_user=user, grant=grant)

        @app.route("/oauth/token", methods=["POST"])
        def token() -> Any:
            response = server.create_token_response()
            with owner._lock:
                owner.token_requests.append(
                    {
                        "form": dict(request.form),
                        "basic": request.headers.get("Authorization", "").startswith("Basic "),
                        "status": response.status_code,
                        "answer": response.get_json(silent=True),
                    }
                )
            return response

        return app
