"""The engine's row checkpoints on their own thread: in order, committed, failures not lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.writer import HistoryWriter
from attendee_relay.core.records import OutcomeKind, RecordOutcome, RowStatus


def store_with_rows(path: Path, count: int) -> tuple[HistoryStore, int]:
    store = HistoryStore(path)
    run_id = store.create_run(
        kind="import", connector="c", platform="p", dedupe_scope="event=1", settings={}
    )
    store.add_rows(
        run_id,
        [
            RowInsert(n, RowStatus.PENDING, {"n": str(n)}, {"email": f"{n}@x.org"})
            for n in range(1, count + 1)
        ],
    )
    store.finish_reading(run_id)
    return store, run_id


def statuses(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT row_number, status FROM rows").fetchall())


def test_a_posted_change_is_committed_when_its_future_is_done(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _store, run_id = store_with_rows(path, 3)
    writer = HistoryWriter(path)
    writer.start()
    try:
        writer.post(lambda s: s.mark_in_flight(run_id, [2])).result(timeout=10)
        # another connection sees it at once
        assert statuses(path) == {1: "pending", 2: "in_flight", 3: "pending"}
    finally:
        writer.close()


@pytest.mark.parametrize("gather_s", [0.0, 0.01])
def test_posted_changes_land_in_order_by_close(tmp_path: Path, gather_s: float) -> None:
    path = tmp_path / "h.sqlite3"
    _store, run_id = store_with_rows(path, 500)
    writer = HistoryWriter(path, gather_s=gather_s)
    writer.start()
    for n in range(1, 501):
        writer.post(lambda s, n=n: s.mark_in_flight(run_id, [n]))
        delivered = RecordOutcome(n, OutcomeKind.DELIVERED, "", answer="status=1")
        writer.post(
            lambda s, o=delivered: s.record_outcomes(
                run_id,
                "c",
                "event=1",
                [(o, RowStatus.DELIVERED)],
                {o.row_number: f"f{o.row_number}"},
            )
        )
    writer.close()
    # Had any outcome been written before its row's in-flight mark, that row would be in flight.
    assert set(statuses(path).values()) == {"delivered"}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 500


def test_a_failed_post_is_raised_by_close_and_the_other_changes_still_land(
    tmp_path: Path,
) -> None:
    path = tmp_path / "h.sqlite3"
    _store, run_id = store_with_rows(path, 2)
    writer = HistoryWriter(path)
    writer.start()

    def broken(store: HistoryStore) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    writer.post(lambda s: s.mark_in_flight(run_id, [1]))
    writer.post(broken)
    writer.post(lambda s: s.mark_in_flight(run_id, [2]))
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        writer.close()
    assert statuses(path) == {1: "in_flight", 2: "in_flight"}


def test_a_history_that_cannot_be_opened_fails_at_start(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(InputError, match="cannot be opened"):
        HistoryWriter(path).start()


def test_writes_inside_one_transaction_become_visible_together(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store, run_id = store_with_rows(path, 2)
    with store.one_transaction():
        store.mark_in_flight(run_id, [1])
        assert statuses(path)[1] == "pending"  # not committed yet
        store.set_rows_status(run_id, [2], RowStatus.UNCERTAIN)
    assert statuses(path) == {1: "in_flight", 2: "uncertain"}
