"""A small OAuth 2.0 authorization server (RFC 6749 code grant, RFC 7636 PKCE S256), as GEVME's
article describes its endpoints: ``GET .../oauth/authorize`` and ``POST .../oauth/access_token``.

Checks what a careful server checks: a known client, an S256 challenge, single-use short-lived
codes bound to the client and the redirect URI, the client secret (form or HTTP Basic), and
refresh tokens that rotate. Config can make it show a consent page, expire tokens or refuse refresh.
"""

from __future__ import annotations

import base64
import hmac
import html
from typing import NoReturn
from urllib.parse import unquote_plus, urlencode, urlsplit

from aiohttp import web

from attendee_relay.sandbox.oauth_state import AuthRequest
from attendee_relay.sandbox.web_common import form_pairs, runtime_of

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "[::1]", "::1", "localhost"})


def _redirect(uri: str, params: dict[str, str]) -> NoReturn:
    separator = "&" if urlsplit(uri).query else "?"
    raise web.HTTPFound(uri + separator + urlencode(params))


def _page(title: str, body: str, status: int = 200) -> web.Response:
    text = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return web.Response(status=status, text=text, content_type="text/html")


def _redirect_allowed(uri: str) -> bool:
    # Native apps (RFC 8252 7.3): loopback http with any port; anything https is also let through.
    parts = urlsplit(uri)
    if parts.scheme == "https" and parts.netloc:
        return True
    host = (parts.hostname or "").lower()
    return parts.scheme == "http" and (host in _LOOPBACK_HOSTS or f"[{host}]" in _LOOPBACK_HOSTS)


async def authorize(request: web.Request) -> web.Response:
    """``GET /oauth/authorize``: redirect with a code (or show a consent page)."""
    runtime = runtime_of(request)
    config = runtime.config
    q = request.query
    client_id = q.get("client_id", "")
    redirect_uri = q.get("redirect_uri", "")
    # Until client and redirect URI are known good, errors are shown, never redirected (4.1.2.1).
    if client_id != config.oauth_client_id:
        return _page("Unknown client", "<p>client_id is not registered.</p>", 400)
    if not redirect_uri or not _redirect_allowed(redirect_uri):
        return _page("Bad redirect_uri", "<p>redirect_uri is missing or not allowed.</p>", 400)
    state = q.get("state", "")
    back = {"state": state} if state else {}
    if q.get("response_type") != "code":
        _redirect(redirect_uri, {"error": "unsupported_response_type", **back})
    challenge = q.get("code_challenge", "")
    method = q.get("code_challenge_method", "plain" if challenge else "")
    if config.oauth_require_pkce and (not challenge or method != "S256"):
        _redirect(
            redirect_uri,
            {
                "error": "invalid_request",
                "error_description": "PKCE with code_challenge_method=S256 is required",
                **back,
            },
        )
    auth = AuthRequest(client_id, redirect_uri, q.get("scope", ""), state, challenge, method)
    oauth = runtime.state.oauth
    if config.oauth_auto_approve:
        _redirect(redirect_uri, {"code": oauth.issue_code(auth), **back})
    ticket = oauth.hold(auth)
    base = request.path.rsplit("/", 1)[0] + "/decide"
    allow = f"{base}?{urlencode({'ticket': ticket, 'allow': '1'})}"
    deny = f"{base}?{urlencode({'ticket': ticket, 'allow': '0'})}"
    return _page(
        "Allow Attendee Relay?",
        f"<p>Attendee Relay asks to read your event data (scope {html.escape(auth.scope)}).</p>"
        f"<p><a id='allow' href='{html.escape(allow)}'>Allow</a> "
        f"<a id='deny' href='{html.escape(deny)}'>Deny</a></p>",
    )


async def decide(request: web.Request) -> web.Response:
    """``GET /oauth/decide?ticket=..&allow=1|0``: the consent page's two links."""
    oauth = runtime_of(request).state.oauth
    auth = oauth.take(request.query.get("ticket", ""))
    if auth is None:
        return _page("Expired", "<p>This sign-in request is no longer pending.</p>", 400)
    back = {"state": auth.state} if auth.state else {}
    if request.query.get("allow") != "1":
        _redirect(
            auth.redirect_uri,
            {"error": "access_denied", "error_description": "The user denied access", **back},
        )
    _redirect(auth.redirect_uri, {"code": oauth.issue_code(auth), **back})


def _error(error: str, description: str, status: int = 400) -> web.Response:
    return web.json_response(
        {"error": error, "error_description": description},
        status=status,
        headers={"Cache-Control": "no-store"},
    )


def _basic_credentials(header: str) -> tuple[str, str] | None:
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip()).decode("utf-8")
    except ValueError:
        return None
    user, sep, password = decoded.partition(":")
    return (unquote_plus(user), unquote_plus(password)) if sep else None


async def access_token(request: web.Request) -> web.Response:
    """``POST /oauth/access_token``: a code (+ verifier) or a refresh token for tokens."""
    runtime = runtime_of(request)
    config = runtime.config
    oauth = runtime.state.oauth
    form: dict[str, str] = {}
    for key, value in await form_pairs(request):
        form.setdefault(key, value)
    grant = form.get("grant_type", "")
    oauth.record(grant, sorted(form))
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    basic = _basic_credentials(request.headers.get("Authorization", ""))
    if basic is not None:
        client_id, secret = basic
    if client_id != config.oauth_client_id:
        return _error("invalid_client", "Unknown client.", 401)
    if config.oauth_client_secret and not hmac.compare_digest(
        secret.encode(), config.oauth_client_secret.encode()
    ):
        return _error("invalid_client", "Client authentication failed.", 401)
    ttl, with_refresh = config.oauth_access_token_ttl_s, config.oauth_issue_refresh_tokens
    if grant == "authorization_code":
        code = form.get("code", "")
        problem = oauth.redeem(
            code,
            client_id,
            form.get("redirect_uri", ""),
            form.get("code_verifier", ""),
            config.oauth_require_pkce,
        )
        if problem is not None:
            return _error("invalid_grant", problem)
        answer = oauth.issue_tokens(client_id, ttl, with_refresh, config.oauth_token_length)
        oauth.link(code, [str(answer["access_token"]), str(answer.get("refresh_token", ""))])
        return web.json_response(answer, headers={"Cache-Control": "no-store"})
    if grant == "refresh_token":
        if config.oauth_refuse_refresh or not oauth.use_refresh(
            form.get("refresh_token", ""), client_id
        ):
            return _error("invalid_grant", "The refresh token is invalid or expired.")
        answer = oauth.issue_tokens(client_id, ttl, with_refresh, config.oauth_token_length)
        return web.json_response(answer, headers={"Cache-Control": "no-store"})
    return _error("unsupported_grant_type", f"grant_type {grant!r} is not supported.")


def bearer_ok(request: web.Request) -> bool:
    """Whether the request carries a live access token as ``Authorization: Bearer``."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return False
    return runtime_of(request).state.oauth.access_ok(header[7:].strip())


def add_oauth_routes(app: web.Application, prefix: str) -> None:
    """Mount the authorization server under ``prefix`` (e.g. ``/gevme``)."""
    app.router.add_get(f"{prefix}/oauth/authorize", authorize)
    app.router.add_get(f"{prefix}/oauth/decide", decide)
    app.router.add_post(f"{prefix}/oauth/access_token", access_token)
