"""`attendee-relay history [RUN_ID] [--json]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from attendee_relay.commands import exit_codes
from attendee_relay.commands.console import print_json, say
from attendee_relay.core.glossary import row_status, run_status
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
    }


def run_history(args: argparse.Namespace) -> int:
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
                say(
                    f"{r.run_id:>5}  {r.created_at[:16].replace('T', ' ')}  {r.connector:<16} "
                    f"{run_status(r.status):<30} {c.total:>7} rows  {c.delivered} delivered, {c.refused} refused, "
                    f"{c.unsettled} failed, {c.skipped} skipped  {r.source_name}"
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
    s = run_summary(info)
    say(f"Run {info.run_id} — {info.connector} ({info.platform}) — {run_status(info.status)}")
    say(f"  source: {info.source_name or '(typed by hand)'}   started {info.created_at}")
    say(
        f"  {s['total']} rows: {s['succeeded']} delivered, {s['refused']} refused, "
        f"{s['failed']} failed, {s['skipped']} skipped"
    )
    if info.message:
        say(f"  {info.message}")
    settled = store.settled_rows(info.run_id)
    if settled:
        numbers = ", ".join(str(r.row_number) for r in settled[:20])
        say(
            f"  {len(settled)} rows were in flight at an interruption (rows {numbers}): {settled[0].settled}"
        )
    for row in problems[:50]:
        say(f"  row {row.row_number} {row_status(row.status.value).lower()}: {row.reason}")
    if len(problems) > 50:
        say(
            f"  … and {len(problems) - 50} more: attendee-relay history {info.run_id} --errors OUT.csv"
        )
    return exit_codes.OK
