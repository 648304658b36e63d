"""`attendee-relay map`, `import` and `resume`: the import pipeline driven from a terminal."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import ProgressPrinter, print_json, say, warn
from attendee_relay.commands.interrupts import cancel_on_interrupt
from attendee_relay.commands.mapping_choice import mapping_for
from attendee_relay.commands.run_summary import print_summary
from attendee_relay.context import LoadedConnector, load_connector
from attendee_relay.core.csv_export import check_writable
from attendee_relay.core.engine.runner import ImportEngine, RunResult
from attendee_relay.core.errors import InputError
from attendee_relay.core.fixes import FixesReport
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.store import RUN_STOPPED
from attendee_relay.core.importing import PreparedImport, prepare_import
from attendee_relay.core.mapping.remembered import remember_mapping
from attendee_relay.core.reports import write_error_report
from attendee_relay.core.resuming import prepare_resume
from attendee_relay.core.sources import Source, open_source
from attendee_relay.core.sources.description import describe_source


def open_source_from(args: argparse.Namespace) -> Source:
    delimiter = {"tab": "\t", "\\t": "\t"}.get(args.delimiter or "", args.delimiter)
    return open_source(
        Path(args.file),
        encoding=args.encoding,
        delimiter=delimiter,
        sheet=args.sheet,
        header_row=args.header_row,
    )


def run_import(args: argparse.Namespace) -> int:
    check_errors_file(args)
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
        resend_changed=args.resend_changed,
    )
    if args.dry_run:
        if not args.json:
            for line in describe_source(source.info):
                say(line)
        return _report_dry_run(args, loaded, prepared)
    assert prepared.run_id is not None
    if not args.json:
        warn(
            f"Run {prepared.run_id}: {prepared.total} rows read from {source.info.path.name} — "
            f"{prepared.pending} to send, {prepared.refused} refused, {prepared.skipped} skipped"
            f"{_skipped_detail(prepared.unchanged, prepared.changed_not_sent)}."
        )
    result = _deliver(loaded, store, prepared.run_id, quiet=args.json)
    if args.mapping and result.counts.delivered:
        remember_mapping(mapping, source.info.headers)  # applied next time without --mapping
    return _report(args, store, result)


def run_resume(args: argparse.Namespace) -> int:
    check_errors_file(args)
    store = HistoryStore()
    info = store.get_run(args.run_id)
    loaded = load_connector(info.connector)
    # Platforms that can look a record up settle uncertain rows instead of re-sending them.
    plan = prepare_resume(
        store,
        args.run_id,
        loaded.connector,
        secrets=loaded.secrets,
        fixes=Path(args.fixes) if args.fixes else None,
    )
    if plan.fixes is not None and not args.json:
        _print_fixes(plan.fixes, Path(args.fixes).name)
    if not args.json:
        if plan.read is not None:
            warn(
                f"Run {plan.run_id} had been stopped while reading {info.source_name}; read the "
                f"{plan.read.rows:,} rows after row {plan.read.after:,} "
                f"({plan.read.refused:,} refused, {plan.read.skipped:,} already delivered)."
            )
        if plan.uncertain:
            warn(f"{len(plan.uncertain)} rows were in flight when the run stopped. {plan.note}")
        if not plan.nothing_to_send:
            warn(f"Resuming run {plan.run_id}.")
    if plan.nothing_to_send:
        info = store.get_run(args.run_id)
        if not args.json:
            warn(f"Run {plan.run_id} has nothing left to send.")
        result = RunResult(plan.run_id, info.status, info.message, 0, info.counts)
    else:
        result = _deliver(loaded, store, args.run_id, quiet=args.json)
    extra: dict[str, object] = {
        "uncertain": len(plan.uncertain),
        "settled": plan.note if plan.uncertain else "",
        "read_on_resume": plan.read.rows if plan.read is not None else 0,
    }
    if plan.fixes is not None:
        extra["fixes"] = {
            "fixed": len(plan.fixes.fixed),
            "unchanged": plan.fixes.unchanged,
            "still_refused": [{"row": n, "reason": r} for n, r in plan.fixes.still_refused],
            "rejected": [{"row": n, "reason": r} for n, r in plan.fixes.rejected],
        }
    code = _report(args, store, result, extra)
    if plan.fixes is not None and plan.fixes.rejected and code == exit_codes.OK:
        return exit_codes.ROWS_NOT_DELIVERED  # some lines of the fixes file were refused
    return code


def _print_fixes(fixes: FixesReport, name: str) -> None:
    for line in fixes.in_words(name):
        warn(line)


def check_errors_file(args: argparse.Namespace) -> None:
    """Before anything is sent: the ``--errors`` file must be writable (not read-only, not open
    in Excel), or the run stops here with one sentence (exit 2)."""
    if getattr(args, "errors", None):
        target = Path(args.errors)
        source = getattr(args, "file", None)
        if source and target.exists() and target.resolve() == Path(source).resolve():
            raise InputError(
                f"--errors {args.errors} is the file being imported; the report would replace "
                "it. Choose another name for the report."
            )
        check_writable(target)


def _write_errors_file(args: argparse.Namespace, store: HistoryStore, run_id: int) -> str:
    """Write the ``--errors`` report; if that fails now (the file was opened meanwhile), say so
    and how to write it again from the history. The run's rows and exit code stay as they are."""
    try:
        written = write_error_report(store, run_id, Path(args.errors))
    except InputError as err:
        problem = (
            f"The error report was not written: {err} The rows are delivered and recorded in "
            f"run {run_id}; write the report again with: "
            f"attendee-relay history {run_id} --errors {args.errors}"
        )
        warn(problem)
        return problem
    if not args.json:
        warn(f"{written} refused or failed rows written to {args.errors}.")
    return ""


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
        # Ctrl-C stops sending, lets requests in flight finish, and leaves the run resumable.
        with cancel_on_interrupt(asyncio.get_running_loop(), engine.cancel):
            return await engine.run()

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
    report_problem = _write_errors_file(args, store, result.run_id) if args.errors else ""
    if report_problem:
        extra = {**(extra or {}), "errors_file_problem": report_problem}
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
                "possible_duplicates": counts.possible_duplicates,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "changed_not_sent": counts.changed_not_sent,
                "held_by_other_runs": counts.held_elsewhere,
                "message": result.message,
                **(extra or {}),
            }
        )
    else:
        print_summary(store, result)
        if result.status in (RUN_STOPPED, "interrupted", "partly_read") and result.message:
            say(f"  {result.message}")
    if result.status == RUN_STOPPED:
        return exit_codes.CANNOT_CONNECT
    if result.status == "interrupted":
        return exit_codes.INTERRUPTED
    if counts.refused or counts.failed or counts.unsettled or counts.held_elsewhere:
        return exit_codes.ROWS_NOT_DELIVERED
    return exit_codes.OK


def _skipped_detail(unchanged: int, changed_not_sent: int) -> str:
    """What the skipped rows were, when some were delivered before."""
    parts = []
    if unchanged:
        parts.append(f"{unchanged} unchanged since delivered")
    if changed_not_sent:
        them = "it" if changed_not_sent == 1 else "them"
        parts.append(f"{changed_not_sent} changed but not sent (--resend-changed sends {them})")
    return f" ({', '.join(parts)})" if parts else ""


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
                "unchanged": p.unchanged,
                "changed_not_sent": p.changed_not_sent,
                "would_update": p.updates,
                "would_send": p.pending,
                "refused_rows": [{"row": n, "reason": r} for n, r in p.refused_samples],
                "sample_request": request_text,
            }
        )
    else:
        say(
            f"Dry run: {p.total} rows — {p.pending} would be sent"
            + (f" ({p.updates} as updates)" if p.updates else "")
            + f", {p.refused} refused, {p.skipped} skipped"
            + _skipped_detail(p.unchanged, p.changed_not_sent)
            + ". Nothing was sent."
        )
        for number, reason in p.refused_samples:
            say(f"  row {number} refused: {reason}")
        if p.refused > len(p.refused_samples):
            say(f"  … and {p.refused - len(p.refused_samples)} more refused rows")
        for number, warning in p.warning_samples:
            say(f"  row {number} note: {warning}")
        if request_text and p.sample_record is not None:
            say(f"\nThe request for row {p.sample_record.row_number} (secrets masked):\n")
            say(request_text)
    return exit_codes.ROWS_NOT_DELIVERED if p.refused else exit_codes.OK
