"""The outcome journal: what a killed engine settled but had not committed is not lost."""

from __future__ import annotations

import os
from pathlib import Path

from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.journal import OutcomeJournal, journal_path, read_journal
from attendee_relay.core.records import OutcomeKind, RecordOutcome, RowStatus


def run_with_rows(store: HistoryStore, count: int) -> int:
    run_id = store.create_run(
        kind="import", connector="tt", platform="p", dedupe_scope="event=1", settings={}
    )
    store.add_rows(
        run_id,
        [
            RowInsert(n, RowStatus.PENDING, {"n": str(n)}, {"email": f"{n}@x.org"}, f"fp{n}")
            for n in range(1, count + 1)
        ],
    )
    return run_id


def delivered(n: int, link: str = "") -> tuple[RecordOutcome, RowStatus]:
    links = {"floorLink": link} if link else {}
    return RecordOutcome(
        n, OutcomeKind.DELIVERED, answer="status=1", links=links
    ), RowStatus.DELIVERED


def test_a_kill_after_journaling_leaves_the_outcomes_to_the_resume(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = run_with_rows(store, 4)
    store.mark_in_flight(run_id, [1, 2, 3])
    path = journal_path(store.path, run_id)
    journal = OutcomeJournal(path, "tt", "event=1")
    journal.append([delivered(1, "https://f/1")], {1: "fp1"})
    refused = RecordOutcome(2, OutcomeKind.REFUSED, reason="Invalid email", answer="status=0")
    journal.append([(refused, RowStatus.REFUSED)], {2: "fp2"})
    journal.close()
    with path.open("a", encoding="utf-8") as cut:  # the kill came in the middle of row 3's line
        cut.write('[3,"delivered","deliv')

    assert store.settle_interrupted(run_id) == [3]  # only row 3's fate is unknown

    rows = {r.row_number: r for r in store.iter_rows(run_id)}
    assert rows[1].status is RowStatus.DELIVERED and rows[1].links == {"floorLink": "https://f/1"}
    assert rows[2].status is RowStatus.REFUSED and rows[2].reason == "Invalid email"
    assert rows[3].status is RowStatus.UNCERTAIN
    assert rows[4].status is RowStatus.PENDING
    assert store.delivered_in("tt", "event=1", "fp1") == run_id  # a re-import skips it
    assert store.delivered_in("tt", "event=1", "fp2") is None
    assert not path.exists()


def test_committed_rows_keep_their_history_and_the_last_entry_of_a_row_wins(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = run_with_rows(store, 2)
    store.mark_in_flight(run_id, [1, 2])
    store.record_outcomes(run_id, "tt", "event=1", [delivered(1)], {1: "fp1"})
    journal = OutcomeJournal(journal_path(store.path, run_id), "tt", "event=1")
    stale = RecordOutcome(1, OutcomeKind.REFUSED, reason="older news")
    journal.append([(stale, RowStatus.REFUSED)], {})
    failed = RecordOutcome(2, OutcomeKind.RETRY, reason="Gave up after 4 tries")
    journal.append([(failed, RowStatus.FAILED)], {})
    journal.append([delivered(2)], {2: "fp2"})
    journal.close()

    assert store.replay_journal(run_id) == 1

    statuses = {r.row_number: r.status for r in store.iter_rows(run_id)}
    assert statuses == {1: RowStatus.DELIVERED, 2: RowStatus.DELIVERED}


def test_the_journal_keeps_text_as_given_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "run.outcomes"
    journal = OutcomeJournal(path, "tt", "event=1")
    outcome = RecordOutcome(
        7, OutcomeKind.REFUSED, reason='Zoë 陈: "quoted"\nline', links={"a": "b"}, remote_id="r9"
    )
    journal.append([(outcome, RowStatus.REFUSED)], {7: "fp7"})
    journal.close()

    contents = read_journal(path)
    assert contents is not None and (contents.connector, contents.scope) == ("tt", "event=1")
    assert [(e.outcome, e.status, e.fingerprint) for e in contents.entries] == [
        (outcome, RowStatus.REFUSED, "fp7")
    ]
    assert os.stat(path).st_mode & 0o077 == 0
    assert read_journal(tmp_path / "none") is None
