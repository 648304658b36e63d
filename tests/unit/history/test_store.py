"""The history database: schema versioning, batching order, resume bookkeeping, deliveries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.schema import SCHEMA_VERSION
from attendee_relay.core.records import OutcomeKind, RecordOutcome, RowStatus


def new_run(store: HistoryStore, keys: list[str | None]) -> int:
    run_id = store.create_run(
        kind="import", connector="c", platform="p", dedupe_scope="event=1", settings={"event": "1"}
    )
    store.add_rows(
        run_id,
        [
            RowInsert(
                n + 2,
                RowStatus.PENDING,
                source={"n": str(n)},
                record={"email": f"{n}@x.org"},
                fingerprint=f"f{n}",
                batch_key=k,
            )
            for n, k in enumerate(keys)
        ],
    )
    store.finish_reading(run_id)
    return run_id


def test_the_database_uses_wal_and_records_its_schema_version(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_a_database_from_a_newer_version_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(InputError, match="newer Attendee Relay"):
        HistoryStore(path)


def test_a_damaged_database_file_gives_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match="cannot be opened"):
        HistoryStore(path)


def test_pending_rows_come_grouped_by_batch_key_in_file_order(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = new_run(store, ["A", None, "B", "A", None, "B"])

    order = [
        (p.record.row_number, p.batch_key)
        for chunk in store.iter_pending(run_id, chunk=2)
        for p in chunk
    ]

    assert order == [(2, "A"), (5, "A"), (3, None), (4, "B"), (7, "B"), (6, None)]


def test_outcomes_are_stored_and_deliveries_remembered_for_skipping(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = new_run(store, [None, None])
    store.mark_in_flight(run_id, [2, 3])
    store.record_outcomes(
        run_id,
        "c",
        "event=1",
        [
            (
                RecordOutcome(
                    2, OutcomeKind.DELIVERED, answer="status=1", links={"floorLink": "https://f/1"}
                ),
                RowStatus.DELIVERED,
            ),
            (RecordOutcome(3, OutcomeKind.REFUSED, reason="Invalid email"), RowStatus.REFUSED),
        ],
        {2: "f0", 3: "f1"},
    )

    rows = {r.row_number: r for r in store.iter_rows(run_id)}
    assert rows[2].status is RowStatus.DELIVERED and rows[2].links == {"floorLink": "https://f/1"}
    assert rows[3].reason == "Invalid email" and rows[3].attempts == 1
    assert store.delivered_in("c", "event=1", "f0") == run_id
    assert store.delivered_in("c", "event=1", "f1") is None
    assert store.delivered_in("c", "event=2", "f0") is None


def test_requeue_turns_uncertain_and_failed_rows_pending_and_notes_how_uncertain_ones_were_settled(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = new_run(store, [None, None, None])
    store.mark_in_flight(run_id, [2])
    store.set_rows_status(run_id, [3], RowStatus.FAILED, "Gave up")
    store.settle_interrupted(run_id)

    assert store.requeue(run_id, (RowStatus.UNCERTAIN, RowStatus.FAILED), settled="sent again") == 2

    rows = {r.row_number: r for r in store.iter_rows(run_id)}
    assert {r.status for r in rows.values()} == {RowStatus.PENDING}
    assert rows[2].settled == "sent again" and rows[3].settled == ""


def test_rows_page_filter_and_search(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = new_run(store, [None] * 30)
    store.set_rows_status(run_id, [5, 6, 7], RowStatus.REFUSED, "Bad email")

    page = store.rows(run_id, offset=10, limit=5)
    assert [r.row_number for r in page] == [12, 13, 14, 15, 16]
    assert store.count_rows(run_id, statuses=(RowStatus.REFUSED,)) == 3
    assert [r.row_number for r in store.rows(run_id, search="12@x.org")] == [14]


def test_a_run_whose_process_died_is_shown_as_interrupted(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    run_id = new_run(store, [None])
    store.set_run_status(run_id, "running")
    store._db.execute("UPDATE runs SET pid = 999999999 WHERE id = ?", (run_id,))
    store._db.commit()

    assert store.get_run(run_id).status == "interrupted"
