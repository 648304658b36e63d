"""`attendee-relay history [RUN_ID] [--json]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import print_json, say
from attendee_relay.commands.run_summary import headline
from attendee_relay.core.errors import InputError
from attendee_relay.core.forgetting_words import forget_when_idle, forgotten_in_words
from attendee_relay.core.glossary import count_of, row_status, run_status
from attendee_relay.core.history import HistoryStore, RunInfo
from attendee_relay.core.records import RowStatus
from attendee_relay.core.reports import write_error_report


def run_summary(info: RunInfo) -> dict[str, object]:
    """The JSON shape of a run (DESIGN's CLI contract, plus context)."""
    c = info.counts
    return {
        "run_id": info.run_id,
        "connector": info.connector,
        "platform": info.platform,
        "kind": info.kind,
        "status": info.status,
        "message": info.message,
        "source": info.source_name,
        "created_at": info.created_at,
        "finished_at": info.finished_at,
        "total": c.total,
        "succeeded": c.delivered,
        "failed": c.unsettled,
        "refused": c.refused,
        "skipped": c.skipped,
        "uncertain": c.uncertain,
        "pending": c.pending,
        # False while rows of the source were never read (a run stopped while reading it):
        # then "total" counts only the rows read so far.
        "fully_read": info.fully_read,
        "rows_read": info.rows_read,
    }


def run_history(args: argparse.Namespace) -> int:
    if args.run_id == "forget":
        return run_forget(args)
    if args.email or args.run is not None or args.older_than is not None:
        raise InputError("--email, --run and --older-than go with `history forget`.")
    if args.run_id is not None:
        try:
            args.run_id = int(args.run_id)
        except ValueError:
            raise InputError(
                f"'{args.run_id}' is not a run number; `attendee-relay history` lists the runs."
            ) from None
    store = HistoryStore()
    if args.run_id is None:
        runs = store.list_runs(limit=args.limit)
        if args.json:
            print_json([run_summary(r) for r in runs])
        elif not runs:
            say("No runs yet.")
        else:
            for r in runs:
                c = r.counts
                not_sent = c.pending + c.in_flight
                say(
                    f"{r.run_id:>5}  {r.created_at[:16].replace('T', ' ')}  {r.connector:<16} "
                    f"{run_status(r.status):<30} {c.total:>7,} {'row ' if c.total == 1 else 'rows'}"
                    f"  {c.delivered:,} delivered, {c.refused:,} refused, "
                    f"{c.failed + c.uncertain:,} failed or uncertain, {c.skipped:,} skipped"
                    + (f", {not_sent:,} not sent yet" if not_sent else "")
                    + f"  {r.source_name}"
                )
        return exit_codes.OK
    info = store.get_run(args.run_id)
    problems = list(
        store.iter_rows(info.run_id, (RowStatus.REFUSED, RowStatus.FAILED, RowStatus.UNCERTAIN))
    )
    if args.errors:
        write_error_report(store, info.run_id, Path(args.errors))
    if args.json:
        print_json(
            {
                **run_summary(info),
                "rows": [
                    {
                        "row": r.row_number,
                        "status": r.status.value,
                        "reason": r.reason,
                        "answer": r.answer,
                        "attempts": r.attempts,
                        "settled": r.settled,
                    }
                    for r in problems
                ],
            }
        )
        return exit_codes.OK
    say(f"{info.connector} ({info.platform}), {info.source_name or '(typed by hand)'}, "
        f"started {info.created_at}")  # fmt: skip
    for line in headline(info, info.status, info.counts):
        say(line)
    if info.message:
        say(f"  {info.message}")
    for reason, n in store.reasons(info.run_id, RowStatus.SKIPPED):
        say(f"  {n:,} skipped: {reason}")
    # Notes on rows sent again (after a stop, or after a lost answer), grouped by what they say.
    notes: dict[str, list[int]] = {}
    for row in store.settled_rows(info.run_id):
        notes.setdefault(row.settled, []).append(row.row_number)
    for note, numbers in notes.items():
        shown = ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")
        say(f"  {count_of(len(numbers), 'row')} ({shown}): {note}")
    for row in problems[:50]:
        say(f"  row {row.row_number} {row_status(row.status.value).lower()}: {row.reason}")
    if len(problems) > 50:
        say(
            f"  … and {len(problems) - 50} more: attendee-relay history {info.run_id} --errors OUT.csv"
        )
    return exit_codes.OK


def run_forget(args: argparse.Namespace) -> int:
    """`history forget (--email ADDRESS | --run RUN_ID | --older-than DAYS)`."""
    chosen = [v for v in (args.email, args.run, args.older_than) if v is not None]
    if len(chosen) != 1:
        raise InputError(
            "Give exactly one of --email ADDRESS, --run RUN_ID or --older-than DAYS: whose data "
            "to forget."
        )
    if args.older_than is not None and args.older_than < 0:
        raise InputError("--older-than takes a number of days, 0 or more.")
    store = HistoryStore()
    done = forget_when_idle(
        store, email=args.email, run_id=args.run, older_than_days=args.older_than
    )
    if args.json:
        print_json(
            {
                "rows": done.rows,
                "runs": done.runs,
                "backups_removed": [str(p) for p in done.backups_removed],
            }
        )
        return exit_codes.OK
    say(forgotten_in_words(done))
    for backup in done.backups_removed:
        say(f"Removed {backup}: a copy made before an upgrade, holding the same data.")
    return exit_codes.OK
