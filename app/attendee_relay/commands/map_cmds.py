"""`attendee-relay map`: the mapping a file would get, as a mapping file or explained (--json)."""

from __future__ import annotations

import argparse
import json

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import print_json, warn
from attendee_relay.commands.import_cmds import open_source_from
from attendee_relay.commands.mapping_choice import report_for, tell
from attendee_relay.context import load_connector
from attendee_relay.core.mapping.templates import save_template


def run_map(args: argparse.Namespace) -> int:
    loaded = load_connector(args.name, need_secrets=False)
    source = open_source_from(args)
    report = report_for(args, loaded, source)
    mapping = report.mapping
    missing = [
        f.label
        for f in loaded.connector.target_fields()
        if f.required and f.name not in mapping.fields
    ]
    if args.json:
        print_json({**report.to_json(), "required_unmapped": missing})
    else:
        print_json(json.loads(mapping.to_json()))  # escaped where the console needs it
        tell(report)
    if args.save_template:
        saved = save_template(args.save_template, mapping)
        warn(f"Saved as template '{args.save_template}' ({saved}); use it with --template.")
    if missing and not args.json:
        warn(
            f"Required fields with no column yet: {', '.join(missing)}. "
            "Edit the JSON and pass it with --mapping."
        )
    return exit_codes.OK
