"""The delivery journal: what a killed engine did but had not committed is not lost or guessed."""

from __future__ import annotations

import os
from pathlib import Path

from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.journal import DeliveryJournal, journal_path, read_journal
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
    store.finish_reading(run_id)
    return run_id


def delivered(n: int, link: str = "") -> tuple[RecordOutcome, RowStatus]:
    links = {"floorLink": link} if link else {}
    outcome = RecordOutcome(n, OutcomeKind.DELIVERED, answer="status=1", links=links)
    return outcome, RowStatus.DELIVERED


def statuses(store: HistoryStore, run_id: int) -> dict[int, RowStatus]:
    return {r.row_number: r.status for r in store.iter_rows(run_id)}


def test_after_a_kill_the_journal_says_what_left_what_came_back_and_what_never_left(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = run_with_rows(store, 7)
    # The history caught up with some of it: rows 1-4 marked in flight.
    store.mark_in_flight(run_id, [1, 2, 3, 4])
    path = journal_path(store.path, run_id)
    journal = DeliveryJournal(path, "tt", "event=1")
    journal.sent([1])
    journal.sent([2])
    journal.sent([3])
    journal.sent([5])  # left, but its in-flight mark never reached the history
    journal.sent([6])
    journal.pending([6])  # refused connection: back to pending
    journal.settled([delivered(1, "https://f/1")], {1: "fp1"})
    refused = RecordOutcome(2, OutcomeKind.REFUSED, reason="Invalid email", answer="status=0")
    journal.settled([(refused, RowStatus.REFUSED)], {2: "fp2"})
    journal.close()
    with path.open("a", encoding="utf-8") as cut:  # the kill came in the middle of row 3's line
        cut.write('["settled",3,"delivered","deliv')

    # Row 4 was marked in flight while it waited for a slot, and never left.
    assert store.settle_interrupted(run_id) == [3, 5]  # only these rows' fate is unknown

    rows = {r.row_number: r for r in store.iter_rows(run_id)}
    assert rows[1].status is RowStatus.DELIVERED and rows[1].links == {"floorLink": "https://f/1"}
    assert rows[2].status is RowStatus.REFUSED and rows[2].reason == "Invalid email"
    assert {n: rows[n].status for n in (3, 4, 5, 6, 7)} == {
        3: RowStatus.UNCERTAIN,
        4: RowStatus.PENDING,
        5: RowStatus.UNCERTAIN,
        6: RowStatus.PENDING,
        7: RowStatus.PENDING,
    }
    assert rows[5].attempts == 1
    assert store.delivered_in("tt", "event=1", "fp1") == run_id  # a re-import skips it
    assert store.delivered_in("tt", "event=1", "fp2") is None
    assert not path.exists()


def test_committed_rows_keep_their_history_and_the_last_event_of_a_row_wins(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = run_with_rows(store, 2)
    store.mark_in_flight(run_id, [1, 2])
    store.record_outcomes(run_id, "tt", "event=1", [delivered(1)], {1: "fp1"})
    journal = DeliveryJournal(journal_path(store.path, run_id), "tt", "event=1")
    stale = RecordOutcome(1, OutcomeKind.REFUSED, reason="older news")
    journal.settled([(stale, RowStatus.REFUSED)], {})
    journal.sent([2])
    journal.sent([2])  # retried
    journal.settled([delivered(2)], {2: "fp2"})
    journal.close()

    assert store.replay_journal(run_id) == 1
    assert statuses(store, run_id) == {1: RowStatus.DELIVERED, 2: RowStatus.DELIVERED}


def test_without_a_journal_rows_left_in_flight_are_uncertain(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = run_with_rows(store, 3)
    store.mark_in_flight(run_id, [1, 2])
    path = journal_path(store.path, run_id)
    path.write_bytes(b"")  # killed before the journal's first line: it tells nothing

    assert store.settle_interrupted(run_id) == [1, 2]
    assert not path.exists()


def test_the_journal_keeps_text_as_given_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "run.journal"
    journal = DeliveryJournal(path, "tt", "event=1")
    outcome = RecordOutcome(
        7, OutcomeKind.REFUSED, reason='Zoë 陈: "quoted"\nline', links={"a": "b"}, remote_id="r9"
    )
    journal.settled([(outcome, RowStatus.REFUSED)], {7: "fp7"})
    journal.close()

    contents = read_journal(path)
    assert contents is not None and (contents.connector, contents.scope) == ("tt", "event=1")
    fate = contents.rows[7]
    assert (fate.outcome, fate.status, fate.fingerprint) == (outcome, RowStatus.REFUSED, "fp7")
    assert os.stat(path).st_mode & 0o077 == 0
    assert read_journal(tmp_path / "none") is None
