"""Small pieces every simulator's handler needs: the shared runtime key, form reading, emails."""

from __future__ import annotations

import re

from aiohttp import web

from attendee_relay.sandbox.runtime import SandboxRuntime

RUNTIME_KEY = web.AppKey("sandbox_runtime", SandboxRuntime)

# Deliberately simple (no DNS, no IDNA): what a PHP back end's FILTER_VALIDATE_EMAIL style check
# refuses in practice is a missing @, a missing dot in the domain, or whitespace.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def runtime_of(request: web.Request) -> SandboxRuntime:
    """The runtime this app serves."""
    return request.app[RUNTIME_KEY]


def is_valid_email(value: str) -> bool:
    """True for ``local@domain.tld`` shapes."""
    return bool(_EMAIL.match(value))


async def form_pairs(request: web.Request) -> list[tuple[str, str]]:
    """The form fields in received order, urlencoded or multipart (PHP reads both as $_POST).

    Anything that is not a form (JSON, plain text) reads as no fields at all, as PHP would.
    """
    form = await request.post()
    return [(key, value if isinstance(value, str) else "") for key, value in form.items()]
