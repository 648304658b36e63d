"""Reading secret values: one line of standard input per secret, or a hidden prompt on a terminal."""

from __future__ import annotations

import getpass
import sys

from attendee_relay.core.errors import InputError


def read_secrets(names: list[str]) -> dict[str, str]:
    """Values for ``names`` in order: prompted without echo on a terminal, else one line each
    from standard input (so scripts can pipe them and nothing lands in shell history)."""
    values: dict[str, str] = {}
    interactive = sys.stdin.isatty()
    for name in names:
        if interactive:
            value = getpass.getpass(f"{name}: ")
        else:
            line = sys.stdin.readline()
            if not line:
                raise InputError(
                    f"Expected the value of secret '{name}' on standard input (one line per --secret)."
                )
            value = line.rstrip("\r\n")
        value = value.strip()
        if not value:
            raise InputError(f"The secret '{name}' is empty.")
        values[name] = value
    return values
