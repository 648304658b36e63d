"""`attendee-relay map`, `import` and `resume`: the import pipeline driven from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import ProgressPrinter, print_json, say, warn
from attendee_relay.context import LoadedConnector, load_connector
from attendee_relay.core.engine.runner import ImportEngine, RunResult
from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.store import RUN_STOPPED
from attendee_relay.core.importing import PreparedImport, prepare_import
from attendee_relay.core.mapping.automatch import auto_map
from attendee_relay.core.mapping.model import FieldMapping
from attendee_relay.core.mapping.templates import load_template, save_template
from attendee_relay.core.reports import write_error_report
from attendee_relay.core.resuming import prepare_resume
from attendee_relay.core.sources import Source, open_source


def open_source_from(args: argparse.Namespace) -> Source:
    delimiter = {"tab": "\t", "\\t": "\t"}.get(args.delimiter or "", args.delimiter)
    return open_source(
        Path(args.file),
        encoding=args.encoding,
        delimiter=delimiter,
        sheet=args.sheet,
        header_row=args.header_row,
    )


def mapping_for(args: argparse.Namespace, loaded: LoadedConnector, source: Source) -> FieldMapping:
    platform = loaded.connector.platform
    if getattr(args, "mapping", None):
        mapping = FieldMapping.load(Path(args.mapping))
    elif getattr(args, "template", None):
        mapping = load_template(platform, args.template)
    else:
        mapping = auto_map(
            source.info.headers,
            loaded.connector.target_fields(),
            platform,
            default_country=getattr(args, "default_country", None),
        )
    if mapping.platform != platform:
        raise InputError(
            f"The mapping is for {mapping.platform}, but '{loaded.name}' is a {platform} connector."
        )
    if getattr(args, "default_country", None):
        mapping.default_country = args.default_country.upper()
    return mapping


def run_map(args: argparse.Namespace) -> int:
    loaded = load_connector(args.name, need_secrets=False)
    source = open_source_from(args)
    mapping = mapping_for(args, loaded, source)
    print(mapping.to_json())
    if args.save_template:
        saved = save_template(args.save_template, mapping)
        warn(f"Saved as template '{args.save_template}' ({saved}); use it with --template.")
    unmapped = [
        f.label
        for f in loaded.connector.target_fields()
        if f.required and f.name not in mapping.fields
    ]
    if unmapped:
        warn(
            f"Required fields with no column yet: {', '.join(unmapped)}. Edit the JSON and pass it with --mapping."
        )
    return exit_codes.OK


def run_import(args: argparse.Namespace) -> int:
    loaded = load_connector(args.name, need_secrets=not args.dry_run)
    source = open_source_from(args)
    mapping = mapping_for(args, loaded, source)
    store = HistoryStore()
    prepared = prepare_import(
        connector=loaded.connector,
        connector_name=loaded.name,
        source=source,
        mapping=mapping,
        store=store,
        settings=loaded.connector.settings.model_dump(mode="json"),
        secrets=loaded.secrets,
        dry_run=args.dry_run,
        force=args.force,
    )
    if args.dry_run:
        return _report_dry_run(args, loaded, prepared)
    assert prepared.run_id is not None
    if not args.json:
        warn(
            f"Run {prepared.run_id}: {prepared.total} rows read from {source.info.path.name} — "
            f"{prepared.pending} to send, {prepared.refused} refused, {prepared.skipped} already delivered."
        )
    result = _deliver(loaded, store, prepared.run_id, quiet=args.json)
    return _report(args, store, result)


def run_resume(args: argparse.Namespace) -> int:
    store = HistoryStore()
    info = store.get_run(args.run_id)
    loaded = load_connector(info.connector)
    # Platforms that can look a record up settle uncertain rows instead of re-sending them.
    plan = prepare_resume(store, args.run_id, loaded.connector, secrets=loaded.secrets)
    if not args.json:
        if plan.uncertain:
            warn(f"{len(plan.uncertain)} rows were in flight when the run stopped. {plan.note}")
        warn(f"Resuming run {plan.run_id}.")
    result = _deliver(loaded, store, args.run_id, quiet=args.json)
    extra = {"uncertain": len(plan.uncertain), "settled": plan.note if plan.uncertain else ""}
    return _report(args, store, result, extra)


def _deliver(loaded: LoadedConnector, store: HistoryStore, run_id: int, quiet: bool) -> RunResult:
    printer = ProgressPrinter()
    engine = ImportEngine(
        store=store,
        run_id=run_id,
        connector=loaded.connector,
        connector_name=loaded.name,
        secrets=loaded.secrets,
        on_event=None if quiet else printer,
    )

    async def run() -> RunResult:
        loop = asyncio.get_running_loop()
        # Ctrl-C stops sending, lets requests in flight finish, and leaves the run resumable.
        loop.add_signal_handler(signal.SIGINT, engine.cancel)
        loop.add_signal_handler(signal.SIGTERM, engine.cancel)
        try:
            return await engine.run()
        finally:
            loop.remove_signal_handler(signal.SIGINT)
            loop.remove_signal_handler(signal.SIGTERM)

    try:
        return asyncio.run(run())
    finally:
        printer.close()


def _report(
    args: argparse.Namespace,
    store: HistoryStore,
    result: RunResult,
    extra: dict[str, object] | None = None,
) -> int:
    counts = result.counts
    if args.errors:
        written = write_error_report(store, result.run_id, Path(args.errors))
        if not args.json:
            warn(f"{written} refused or failed rows written to {args.errors}.")
    if args.json:
        print_json(
            {
                "run_id": result.run_id,
                "status": result.status,
                "total": counts.total,
                "sent": result.sent,
                "succeeded": counts.delivered,
                # Rows not delivered for a reason other than their content: failed, and those a
                # stop left unsent. total == succeeded + failed + refused + skipped.
                "failed": counts.unsettled,
                "pending": counts.unsettled - counts.failed,
                "refused": counts.refused,
                "skipped": counts.skipped,
                "message": result.message,
                **(extra or {}),
            }
        )
    else:
        say(
            f"Run {result.run_id} {result.status.replace('_', ' ')}: {counts.total} rows — "
            f"{counts.delivered} delivered, {counts.refused} refused, "
            f"{counts.failed} failed, {counts.skipped} skipped"
            + (
                f", {counts.unsettled - counts.failed} not sent yet."
                if counts.unsettled > counts.failed
                else "."
            )
            + (f" {result.message}" if result.status in (RUN_STOPPED, "interrupted") else "")
        )
        _print_problem_rows(store, result.run_id)
        if counts.unsettled:
            say(f"Continue with: attendee-relay resume {result.run_id}")
    if result.status == RUN_STOPPED:
        return exit_codes.CANNOT_CONNECT
    if result.status == "interrupted":
        return exit_codes.INTERRUPTED
    if counts.refused or counts.failed or counts.unsettled:
        return exit_codes.ROWS_NOT_DELIVERED
    return exit_codes.OK


def _print_problem_rows(store: HistoryStore, run_id: int, limit: int = 10) -> None:
    from attendee_relay.core.records import RowStatus

    rows = store.rows(run_id, statuses=(RowStatus.REFUSED, RowStatus.FAILED), limit=limit)
    for row in rows:
        say(f"  row {row.row_number} {row.status.value}: {row.reason}")
    more = store.count_rows(run_id, statuses=(RowStatus.REFUSED, RowStatus.FAILED)) - len(rows)
    if more > 0:
        say(f"  … and {more} more (attendee-relay history {run_id}, or --errors OUT.csv)")


def _report_dry_run(args: argparse.Namespace, loaded: LoadedConnector, p: PreparedImport) -> int:
    if args.errors:
        raise InputError("--errors needs a real run; a dry run lists refused rows on screen.")
    request_text = loaded.redactor.request(p.sample_request) if p.sample_request else ""
    if args.json:
        print_json(
            {
                "run_id": None,
                "dry_run": True,
                "total": p.total,
                "sent": 0,
                "succeeded": 0,
                "failed": 0,
                "refused": p.refused,
                "skipped": p.skipped,
                "would_send": p.pending,
                "refused_rows": [{"row": n, "reason": r} for n, r in p.refused_samples],
                "sample_request": request_text,
            }
        )
    else:
        say(
            f"Dry run: {p.total} rows — {p.pending} would be sent, {p.refused} refused, "
            f"{p.skipped} already delivered. Nothing was sent."
        )
        for number, reason in p.refused_samples:
            say(f"  row {number} refused: {reason}")
        if p.refused > len(p.refused_samples):
            say(f"  … and {p.refused - len(p.refused_samples)} more refused rows")
        if request_text and p.sample_record is not None:
            say(f"\nThe request for row {p.sample_record.row_number} (secrets masked):\n")
            say(request_text)
    return exit_codes.ROWS_NOT_DELIVERED if p.refused else exit_codes.OK
