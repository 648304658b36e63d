"""Why a sign-in did not complete. Every one is a ``SetupError`` (exit 3) with one sentence to act on."""

from __future__ import annotations

from attendee_relay.core.errors import SetupError


class OAuthError(SetupError):
    """The sign-in failed; ``str(err)`` says why and what to do."""


class SignInDenied(OAuthError):
    """The user (or the server) declined: the redirect carried ``error=access_denied`` or similar."""


class StateMismatch(OAuthError):
    """The redirect's ``state`` was not the one this sign-in sent: refused, its code never used."""


class SignInTimedOut(OAuthError):
    """Nobody came back to the loopback listener in time (a closed tab, a browser that never opened)."""


class SignInCancelled(OAuthError):
    """The sign-in was cancelled (Cancel button, Ctrl-C)."""


class ListenerUnavailable(OAuthError):
    """No loopback port could be opened for the redirect (e.g. a fixed port already in use)."""


class TokenRequestFailed(OAuthError):
    """The token endpoint refused the code or could not be reached."""
