"""The small pages the browser tab shows after the redirect: success or what went wrong."""

from __future__ import annotations

import html

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32em;margin:4em auto;color:#222}}
h1{{font-size:1.4em}}</style></head>
<body><h1>{title}</h1><p>{body}</p></body></html>
"""


def page(title: str, body: str) -> bytes:
    """A complete, escaped HTML page."""
    return _PAGE.format(title=html.escape(title), body=html.escape(body)).encode("utf-8")


SUCCESS = page(
    "Signed in to Attendee Relay",
    "The sign-in was received. You can close this tab and return to Attendee Relay.",
)
