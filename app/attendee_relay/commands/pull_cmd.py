"""`attendee-relay pull NAME OUT.csv [--set KEY=VALUE]...`: a platform's records into a CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from attendee_relay.commands import exit_codes
from attendee_relay.commands.connector_cmds import parse_pairs
from attendee_relay.commands.console import print_json, say, warn
from attendee_relay.connectors.registry import create_connector, settings_from_strings
from attendee_relay.context import LoadedConnector, load_connector, token_keeper
from attendee_relay.core.connector_api import OAuthConnector, PullConnector
from attendee_relay.core.csv_export import check_writable
from attendee_relay.core.errors import InputError
from attendee_relay.core.pulling import PullProgress, pull


def split_settings(
    loaded: LoadedConnector, pairs: dict[str, str]
) -> tuple[PullConnector, dict[str, str]]:
    """``--set`` pairs: the connector's own settings (e.g. ``event``) override the saved ones for
    this pull; the rest (``modified_since`` ...) are pull options.

    Raises:
        InputError: the connector cannot pull, or a setting is wrong.
    """
    platform = loaded.profile.platform
    if not isinstance(loaded.connector, PullConnector):
        raise InputError(
            f"Connector '{loaded.name}' ({loaded.connector.title}) cannot list records to pull."
        )
    typed = settings_from_strings(platform, pairs)
    fields = type(loaded.connector.settings).model_fields
    overrides = {k: v for k, v in typed.items() if k in fields}
    options = {k: str(v) for k, v in typed.items() if k not in fields}
    if not overrides:
        return loaded.connector, options
    merged = {**loaded.connector.settings.model_dump(mode="json"), **overrides}
    connector = create_connector(platform, merged)
    if not isinstance(connector, PullConnector):  # the same platform: it can pull too
        raise InputError(f"Connector '{loaded.name}' cannot list records to pull.")
    return connector, options


def run_pull(args: argparse.Namespace) -> int:
    check_writable(Path(args.out))  # before fetching: not read-only, not open in Excel
    loaded = load_connector(args.name)
    connector, options = split_settings(loaded, parse_pairs(args.set, "--set"))
    signs_in = loaded.connector
    token_names = (
        set(signs_in.token_secret_names) if isinstance(signs_in, OAuthConnector) else set()
    )
    secrets = {k: v for k, v in loaded.secrets.items() if k not in token_names}
    keeper = token_keeper(loaded) if token_names else None

    def progress(p: PullProgress) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{p.pages} pages · {p.rows} rows\x1b[K")
            sys.stderr.flush()

    snapshot = pull(
        connector,
        tokens=keeper,
        secrets=secrets,
        options=options,
        label=loaded.name,
        on_progress=progress,
    )
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    try:
        written = snapshot.write_csv(args.out)
    finally:
        snapshot.delete()
    if args.json:
        print_json(
            {
                "file": str(args.out),
                "rows": written,
                "pages": snapshot.pages,
                "duplicates_dropped": snapshot.duplicates,
                "columns": snapshot.headers,
                "notes": snapshot.notes,
            }
        )
    else:
        extra = f", {snapshot.duplicates} duplicates dropped" if snapshot.duplicates else ""
        say(f"Wrote {written} rows to {args.out} ({snapshot.pages} pages{extra}).")
        for note in snapshot.notes:
            say(note)
        if written == 0:
            warn("The list was empty (check the event, or the modified_since option).")
    return exit_codes.OK
