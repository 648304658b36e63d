"""The installed version of Attendee Relay, found cheaply: `attendee-relay --version` must answer
in a blink, and ``importlib.metadata`` alone takes longer to import than Python takes to start."""

from __future__ import annotations

import os
import sys

_DIST = "attendee_relay-"
_INFO = ".dist-info"
UNKNOWN = "0.0.0+unknown"


def installed_version() -> str:
    """The version in the name of our ``*.dist-info`` folder on ``sys.path`` (how pip installs,
    editable or not); else what ``importlib.metadata`` finds; else ``0.0.0+unknown`` (a source
    tree that was never installed)."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(_DIST) and name.endswith(_INFO):
                return name[len(_DIST) : -len(_INFO)]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("attendee-relay")
    except PackageNotFoundError:
        return UNKNOWN
