"""The error tree. The engine's decisions follow from the type, not from message text.

RelayError
├── InputError        bad usage or unreadable input: one clear sentence, exit code 2
├── SetupError        the connector's setup is wrong (bad key, IP not allowed, 401): stop the run, exit 3
│   └── SecretsUnavailable   no usable OS keychain
├── RowError          this record's own fault: refuse the row, never retry it
└── TransientError    a passing problem (timeout, 429, 5xx, HTML error page): retry later
"""

from __future__ import annotations


class RelayError(Exception):
    """Base of every error Attendee Relay raises on purpose. ``str(err)`` is one user-facing sentence."""


class InputError(RelayError):
    """The user's input cannot be used (unreadable file, bad mapping, bad arguments)."""


class SetupError(RelayError):
    """The connector's setup is wrong; continuing would fail every row. Stop and say what to fix."""


class SecretsUnavailable(SetupError):
    """No usable OS keychain: secrets cannot be stored or read."""


class RowError(RelayError):
    """A single record was refused for its own content."""


class TransientError(RelayError):
    """A passing failure worth retrying after a pause.

    Attributes:
        retry_after: seconds the server asked us to wait (Retry-After), if it said.
        status_code: the HTTP status that caused it, if any (429 makes the engine slow down).
    """

    def __init__(
        self, message: str, retry_after: float | None = None, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status_code = status_code


class TokenExpired(SetupError):
    """An OAuth access token was rejected or has expired: refresh it once, else sign in again."""
