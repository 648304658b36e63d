"""OAuth 2.0 sign-in for native apps (RFC 8252 + PKCE, RFC 7636): Qt-free, used by CLI and app.

``OAuthFlow`` runs one sign-in; ``TokenStore`` keeps tokens in the OS keychain; ``TokenKeeper``
hands out a working access token during a run, refreshing it once when needed.
"""

from attendee_relay.core.errors import TokenExpired
from attendee_relay.core.oauth.client import ClientAuth, OAuthClient
from attendee_relay.core.oauth.endpoint import GrantRefused, TokenEndpoint
from attendee_relay.core.oauth.errors import (
    ListenerUnavailable,
    OAuthError,
    SignInCancelled,
    SignInDenied,
    SignInTimedOut,
    StateMismatch,
    TokenRequestFailed,
)
from attendee_relay.core.oauth.flow import FlowOutcome, OAuthFlow, open_system_browser
from attendee_relay.core.oauth.keeper import TokenKeeper
from attendee_relay.core.oauth.listener import CALLBACK_PATH, LoopbackListener
from attendee_relay.core.oauth.pkce import new_code_verifier, new_state, s256_challenge
from attendee_relay.core.oauth.tokens import TOKEN_SECRET_NAMES, TokenSet, TokenStore

__all__ = [
    "CALLBACK_PATH",
    "TOKEN_SECRET_NAMES",
    "ClientAuth",
    "FlowOutcome",
    "GrantRefused",
    "ListenerUnavailable",
    "LoopbackListener",
    "OAuthClient",
    "OAuthError",
    "OAuthFlow",
    "SignInCancelled",
    "SignInDenied",
    "SignInTimedOut",
    "StateMismatch",
    "TokenEndpoint",
    "TokenExpired",
    "TokenKeeper",
    "TokenRequestFailed",
    "TokenSet",
    "TokenStore",
    "new_code_verifier",
    "new_state",
    "open_system_browser",
    "s256_challenge",
]
