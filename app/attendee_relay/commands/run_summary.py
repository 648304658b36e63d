"""The end of a run in a terminal: how it went in a line or two, the rows that need a look, and
the next command to run (fix the refused rows, resume, check possible duplicates)."""

from __future__ import annotations

from attendee_relay.commands.console import say
from attendee_relay.core.engine.runner import RunResult
from attendee_relay.core.glossary import count_of, run_status, taken_and_rate
from attendee_relay.core.history import HistoryStore, RunCounts, RunInfo
from attendee_relay.core.records import RowStatus

#: Rows listed on screen per kind; the --errors report has them all.
_SHOWN = 10


def print_summary(store: HistoryStore, result: RunResult) -> None:
    """Say how the run went, what needs a look, and what to do next."""
    info = store.get_run(result.run_id)
    counts = result.counts
    for line in headline(info, result.status, counts):
        say(line)
    _problem_rows(store, result.run_id)
    _changed_rows(store, result.run_id, counts.changed_not_sent)
    _possible_duplicates(store, result.run_id, counts.possible_duplicates)
    for step in next_steps(info, counts):
        say(step)


def headline(info: RunInfo, status: str, counts: RunCounts) -> list[str]:
    """The first lines: delivered of total, time and rate, then the rest of the counts."""
    first = (
        f"Run {info.run_id} — {run_status(status, resumable=info.kind != 'push')}: "
        f"{counts.delivered:,} of {count_of(counts.total, 'row')} delivered"
        + (f" ({counts.updated:,} as updates)" if counts.updated else "")
        + _timing(info, counts.delivered)
        + "."
    )
    rest = []
    if counts.refused:
        rest.append(f"{counts.refused:,} refused")
    if counts.failed:
        rest.append(f"{counts.failed:,} failed")
    if counts.uncertain:
        rest.append(f"{counts.uncertain:,} uncertain (sent, the answer was lost)")
    not_sent = counts.pending + counts.in_flight
    if not_sent:
        rest.append(f"{not_sent:,} not sent yet")
    if counts.skipped:
        kinds = []
        if counts.unchanged:
            kinds.append(f"{counts.unchanged:,} unchanged since delivered")
        if counts.changed_not_sent:
            kinds.append(f"{counts.changed_not_sent:,} changed but not sent")
        if counts.claimed_elsewhere:
            kinds.append(f"{counts.claimed_elsewhere:,} for another run delivering them")
        rest.append(f"{counts.skipped:,} skipped" + (f" ({', '.join(kinds)})" if kinds else ""))
    if counts.held_elsewhere:
        rest.append(f"{counts.held_elsewhere:,} left to another run, not delivered by it")
    if counts.possible_duplicates:
        rest.append(f"{count_of(counts.possible_duplicates, 'possible duplicate')} on the platform")
    return [first] + (["  " + ", ".join(rest) + "."] if rest else [])


def next_steps(info: RunInfo, counts: RunCounts) -> list[str]:
    """The commands that finish the job, most useful first."""
    run = info.run_id
    steps = []
    if counts.refused:
        steps.append(
            f"Next: fix the refused rows: attendee-relay history {run} --errors fixes.csv, "
            f"correct them in a spreadsheet, then attendee-relay resume {run} --fixes fixes.csv"
        )
    if counts.uncertain:
        steps.append(
            f"Next: check the uncertain rows on the platform; attendee-relay resume {run} "
            "sends them again (those already there would then be there twice)"
        )
    elif counts.pending + counts.in_flight + counts.failed:
        steps.append(
            f"Next: attendee-relay resume {run} sends the "
            f"{count_of(counts.pending + counts.in_flight + counts.failed, 'row')} not delivered yet"
        )
    if counts.held_elsewhere:
        steps.append(
            f"Next: attendee-relay history {run} names the run these rows were left to; resume "
            f"it if it stopped, or attendee-relay resume {run} once it is over"
        )
    if counts.changed_not_sent:
        steps.append(
            f"Next: the changed rows were not sent; attendee-relay import {info.connector} "
            f"{info.source_name or 'FILE'} --resend-changed sends them (registering them again)"
        )
    if counts.possible_duplicates:
        steps.append(
            f"Next: check the possible duplicates on the platform (attendee-relay history {run} "
            "--errors OUT.csv lists them)"
        )
    return steps


def _timing(info: RunInfo, delivered: int) -> str:
    taken = taken_and_rate(info, delivered)
    return f" {taken}" if taken else ""


def _problem_rows(store: HistoryStore, run_id: int) -> None:
    statuses = (RowStatus.REFUSED, RowStatus.FAILED, RowStatus.UNCERTAIN)
    rows = store.rows(run_id, statuses=statuses, limit=_SHOWN)
    for row in rows:
        say(f"  row {row.row_number} {row.status.value}: {row.reason}")
    more = store.count_rows(run_id, statuses=statuses) - len(rows)
    if more > 0:
        say(f"  … and {more:,} more (attendee-relay history {run_id} --errors OUT.csv lists all)")


def _changed_rows(store: HistoryStore, run_id: int, count: int) -> None:
    if not count:
        return
    for row in store.changed_not_sent(run_id, limit=_SHOWN):
        say(f"  row {row.row_number} changed, not sent: {row.reason}")
    if count > _SHOWN:
        say(f"  … and {count - _SHOWN:,} more (attendee-relay history {run_id})")


def _possible_duplicates(store: HistoryStore, run_id: int, extra_copies: int) -> None:
    if not extra_copies:
        return
    rows = store.possible_duplicates(run_id, limit=_SHOWN)
    numbers = ", ".join(str(r.row_number) for r in rows)
    total_rows = store.count_possible_duplicate_rows(run_id)
    say(
        f"  up to {count_of(extra_copies, 'extra copy')} across "
        f"{count_of(total_rows, 'row')} (rows {numbers}{' …' if total_rows > len(rows) else ''}): "
        "an answer was lost and the row was sent again"
    )
