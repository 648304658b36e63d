"""`attendee-relay connector list`: its own module, so that listing loads the profiles and not
every connector, the keychain or the HTTP stack (bench/cli_startup.py times it)."""

from __future__ import annotations

import argparse

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import print_json, say
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore


def run_list(args: argparse.Namespace) -> int:
    profiles = ProfileStore().list()
    if args.json:
        print_json([profile_summary(p) for p in profiles])
        return exit_codes.OK
    if not profiles:
        say("No connectors yet. Add one with: attendee-relay connector add NAME --platform P ...")
        return exit_codes.OK
    width = max(len(p.name) for p in profiles)
    for p in profiles:
        test = {None: "never tested", True: "tested OK", False: "test failed"}[p.last_test_ok]
        say(f"{p.name:<{width}}  {p.platform:<14}  {test:<12}  {p.settings.get('base_url', '')}")
    return exit_codes.OK


def profile_summary(profile: ConnectorProfile) -> dict[str, object]:
    return {
        "name": profile.name,
        "platform": profile.platform,
        "settings": profile.settings,
        "secrets": profile.secret_names,
        "last_test_ok": profile.last_test_ok,
        "last_test_at": profile.last_test_at,
        "last_test_message": profile.last_test_message,
    }
