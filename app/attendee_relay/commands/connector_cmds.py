"""`attendee-relay connector add | list | show | test | remove | secret`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from attendee_relay.commands import exit_codes
from attendee_relay.commands.connector_list import summary_of
from attendee_relay.commands.console import print_json, say
from attendee_relay.commands.secret_input import read_secrets
from attendee_relay.connectors.registry import (
    connector_class,
    create_connector,
    settings_from_strings,
)
from attendee_relay.context import load_connector
from attendee_relay.core.connection_test import test_connection
from attendee_relay.core.connector_api import ConnectionTestResult
from attendee_relay.core.errors import InputError
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore, validate_connector_name
from attendee_relay.core.secrets import SecretStore


def parse_pairs(pairs: list[str] | None, flag: str) -> dict[str, str]:
    """``KEY=VALUE`` strings to a dict; a malformed one is bad usage."""
    result: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{flag} expects KEY=VALUE, got '{pair}'.")
        result[key.strip()] = value
    return result


def run_add(args: argparse.Namespace) -> int:
    name = validate_connector_name(args.name)
    profiles = ProfileStore()
    if profiles.exists(name) and not args.replace:
        raise InputError(
            f"A connector named '{name}' already exists. Add --replace to overwrite it, "
            f"or `attendee-relay connector remove {name}` first."
        )
    cls = connector_class(args.platform)
    settings = settings_from_strings(args.platform, parse_pairs(args.set, "--set"))
    connector = create_connector(args.platform, settings)  # validates before anything is stored
    unknown = [s for s in args.secret or [] if s not in cls.secret_names]
    if unknown:
        raise InputError(
            f"{cls.title} has no secret '{unknown[0]}'; its secrets are: "
            f"{', '.join(cls.secret_names) or 'none'}."
        )
    secret_names = list(dict.fromkeys(args.secret or []))
    values = read_secrets(secret_names)
    store = SecretStore()
    for key, value in values.items():
        store.set(name, key, value)
    stored = connector.settings.model_dump(mode="json", exclude_defaults=False)
    profile = ConnectorProfile(
        name=name, platform=args.platform, settings=stored, secret_names=secret_names
    )
    profiles.save(profile)
    say(f"Connector '{name}' ({cls.title}) saved.")
    if values:
        say(f"Secrets stored in the keychain: {', '.join(values)}.")
    return exit_codes.OK


def run_secret(args: argparse.Namespace) -> int:
    profiles = ProfileStore()
    profile = profiles.get(args.name)
    cls = connector_class(profile.platform)
    if args.key not in cls.secret_names:
        raise InputError(f"{cls.title} has no secret '{args.key}'.")
    value = read_secrets([args.key])[args.key]
    SecretStore().set(profile.name, args.key, value)
    if args.key not in profile.secret_names:
        profile.secret_names = [*profile.secret_names, args.key]
        profiles.save(profile)
    say(f"Secret '{args.key}' of '{profile.name}' stored in the keychain.")
    return exit_codes.OK


def run_show(args: argparse.Namespace) -> int:
    loaded = load_connector(args.name, need_secrets=False)
    cls = connector_class(loaded.profile.platform)
    present = set(loaded.secrets)
    secrets = {s: ("in keychain" if s in present else "missing") for s in cls.secret_names}
    if args.json:
        print_json({**summary_of(loaded.profile.model_dump(mode="json")), "secrets": secrets})
        return exit_codes.OK
    say(f"{loaded.name}  ({cls.title})")
    for key, value in loaded.connector.settings.model_dump(mode="json").items():
        say(f"  {key} = {value}")
    for key, state in secrets.items():
        say(f"  secret {key}: {state}")
    p = loaded.profile
    if p.last_test_at:
        say(
            f"  last test {p.last_test_at:%Y-%m-%d %H:%M}: {'OK' if p.last_test_ok else 'failed'} — {p.last_test_message}"
        )
    return exit_codes.OK


def run_test(args: argparse.Namespace) -> int:
    loaded = load_connector(args.name)
    connector = loaded.connector
    result = test_connection(connector, loaded.secrets)
    if result is None:
        result = ConnectionTestResult(
            True,
            f"Settings and secrets of '{loaded.name}' are complete. {connector.title} has no test "
            f"endpoint: send one test attendee with `attendee-relay push {loaded.name} --field ...`.",
        )
    profiles = ProfileStore()
    profile = loaded.profile
    profile.last_test_ok = result.ok
    profile.last_test_at = datetime.now(UTC)
    profile.last_test_message = loaded.redactor.text(result.message)
    profiles.save(profile)
    say(("OK: " if result.ok else "Failed: ") + loaded.redactor.text(result.message))
    return exit_codes.OK if result.ok else exit_codes.CANNOT_CONNECT


def run_remove(args: argparse.Namespace) -> int:
    profiles = ProfileStore()
    profile = profiles.get(args.name)
    cls = connector_class(profile.platform)
    SecretStore().delete_all(
        profile.name, list(dict.fromkeys((*cls.secret_names, *profile.secret_names)))
    )
    profiles.remove(profile.name)
    say(f"Connector '{profile.name}' removed, with its secrets.")
    return exit_codes.OK
