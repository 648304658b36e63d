"""`attendee-relay push NAME --field KEY=VALUE...`: one test record, with the exchange shown."""

from __future__ import annotations

import argparse

from attendee_relay.commands import exit_codes
from attendee_relay.commands.connector_cmds import parse_pairs
from attendee_relay.commands.console import print_json, say
from attendee_relay.context import load_connector
from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.engine.retry import RetryPolicy
from attendee_relay.core.engine.runner import ImportEngine
from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.store import RUN_STOPPED
from attendee_relay.core.pushing import prepare_push


def run_push(args: argparse.Namespace) -> int:
    loaded = load_connector(args.name)
    fields = parse_pairs(args.field, "--field")
    if not fields:
        raise InputError(
            "Give the record's fields with --field KEY=VALUE (e.g. --field email=a@b.org)."
        )
    store = HistoryStore()
    prepared = prepare_push(
        connector=loaded.connector, connector_name=loaded.name, fields=fields, store=store
    )
    if prepared.reasons:
        say("Not sent: " + " ".join(prepared.reasons))
        return exit_codes.ROWS_NOT_DELIVERED
    exchanges: list[tuple[HttpRequest, HttpResponse]] = []
    engine = ImportEngine(
        store=store,
        run_id=prepared.run_id,
        connector=loaded.connector,
        connector_name=loaded.name,
        secrets=loaded.secrets,
        retry=RetryPolicy(max_attempts=1),  # a test push shows what happened, it does not retry
        on_exchange=lambda req, resp: exchanges.append((req, resp)),
    )
    result = engine.run_blocking()
    row = store.rows(prepared.run_id)[0]
    redactor = loaded.redactor
    if args.json:
        req, resp = exchanges[-1] if exchanges else (None, None)
        print_json(
            {
                "run_id": prepared.run_id,
                "status": row.status.value,
                "reason": redactor.text(row.reason),
                "request": redactor.request(req) if req else None,
                "response_status": resp.status_code if resp else None,
                "response": redactor.response(resp) if resp else None,
                "elapsed_ms": round(resp.elapsed_s * 1000) if resp else None,
            }
        )
    else:
        for req, resp in exchanges:
            say("── Request (secrets masked) ──")
            say(redactor.request(req))
            say(f"\n── Response ({resp.elapsed_s * 1000:.0f} ms) ──")
            say(redactor.response(resp))
        say(
            f"\nRow {row.status.value}{': ' + redactor.text(row.reason) if row.reason else ''} (run {prepared.run_id})."
        )
        if result.status == RUN_STOPPED:
            say(redactor.text(result.message))
    if result.status == RUN_STOPPED:
        return exit_codes.CANNOT_CONNECT
    return exit_codes.OK if row.status.value == "delivered" else exit_codes.ROWS_NOT_DELIVERED
