"""Attendee Relay: deliver attendee lists into event platforms, mapped, checked and exactly once."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("attendee-relay")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "attendee-relay"
