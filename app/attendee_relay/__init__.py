"""Attendee Relay: deliver attendee lists into event platforms, mapped, checked and exactly once."""

from __future__ import annotations

APP_NAME = "attendee-relay"


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up on first use: reading package metadata costs more than the
    # rest of `attendee-relay --help`, which never shows it.
    if name == "__version__":
        from attendee_relay.version import installed_version

        value = installed_version()
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
