"""`attendee-relay connector list`: its own module, and reading the profile files as plain JSON,
so that listing answers at once: it loads neither pydantic (~70 ms to import and build the
profile model) nor any connector, the keychain or the HTTP stack (bench/cli_startup.py times it).
A file that is not a profile is skipped with a warning in the log, as ``ProfileStore.list`` does.
"""

from __future__ import annotations

import argparse
import json
import logging
from datetime import datetime
from typing import Any

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import print_json, say
from attendee_relay.core import paths

log = logging.getLogger(__name__)


def run_list(args: argparse.Namespace) -> int:
    profiles = saved_profiles()
    if args.json:
        print_json(profiles)
        return exit_codes.OK
    if not profiles:
        say("No connectors yet. Add one with: attendee-relay connector add NAME --platform P ...")
        return exit_codes.OK
    width = max(len(p["name"]) for p in profiles)
    for p in profiles:
        test = {None: "never tested", True: "tested OK", False: "test failed"}[p["last_test_ok"]]
        base_url = p["settings"].get("base_url", "")
        say(f"{p['name']:<{width}}  {p['platform']:<14}  {test:<12}  {base_url}")
    return exit_codes.OK


def saved_profiles() -> list[dict[str, Any]]:
    """Every readable connector profile as ``--json`` lists it, sorted by name."""
    found = []
    for file in paths.connectors_dir().glob("*.json"):
        try:
            raw = json.loads(file.read_bytes())
            found.append(summary_of(raw))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("Skipping the damaged connector file %s: %s", file, exc)
    return sorted(found, key=lambda p: str(p["name"]).lower())


def summary_of(raw: Any) -> dict[str, Any]:
    """A profile's JSON (as saved) as ``connector list --json`` and ``show --json`` give it.

    Raises:
        TypeError, KeyError, ValueError: it is not a profile.
    """
    if not isinstance(raw["name"], str) or not isinstance(raw["platform"], str):
        raise TypeError("name and platform must be text")
    settings = raw.get("settings") or {}
    tested = raw.get("last_test_ok")
    if not isinstance(settings, dict) or tested not in (None, True, False):
        raise TypeError("settings must be an object and last_test_ok true, false or null")
    when = raw.get("last_test_at")
    return {
        "name": raw["name"],
        "platform": raw["platform"],
        "settings": settings,
        "secrets": list(raw.get("secret_names") or []),
        "last_test_ok": tested,
        # As the profile model gives it (a datetime printed by str()), for the same output.
        "last_test_at": str(datetime.fromisoformat(when)) if when else None,
        "last_test_message": str(raw.get("last_test_message") or ""),
    }
