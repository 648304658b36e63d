"""The history browser: run filters, a 120,000-row run paged lazily, row filters and search, one
row's detail, export, and retrying failed rows against the sandbox."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.store import RUN_COMPLETED_WITH_ERRORS
from attendee_relay.core.records import RowStatus
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.history.rows_model import PAGE_SIZE
from attendee_relay.ui.history.window import HistoryWindow

BIG = 120_000


def make_run(connector: str, statuses: list[RowStatus], source_name: str = "guests.csv") -> int:
    """A finished run whose row i has status ``statuses[i]``, as an import leaves it."""
    store = HistoryStore()
    run_id = store.create_run(
        kind="import",
        connector=connector,
        platform="10times",
        dedupe_scope="1001",
        settings={},
        source_name=source_name,
        headers=["Name", "Email"],
    )
    store.add_rows(
        run_id,
        (
            RowInsert(
                row_number=i + 1,
                status=status,
                source={"Name": f"Guest {i}", "Email": f"guest{i}@example.org"},
                record={"name": f"Guest {i}", "email": f"guest{i}@example.org"},
                identity=f"guest{i}@example.org",
                fingerprint=f"fp-{run_id}-{i}",
                reason="Invalid e-mail"
                if status is RowStatus.REFUSED
                else ("503 from the platform" if status is RowStatus.FAILED else ""),
            )
            for i, status in enumerate(statuses)
        ),
    )
    store.set_run_status(run_id, RUN_COMPLETED_WITH_ERRORS)
    store.close()
    return run_id


def open_history(qtbot: QtBot, run_id: int | None = None) -> HistoryWindow:
    window = HistoryWindow(run_id=run_id)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.runsLoaded, timeout=20_000):
        window.show()
    return window


def wait_rows(qtbot: QtBot, window: HistoryWindow, total: int) -> None:
    model = window.rows_model
    qtbot.waitUntil(
        lambda: (
            model.total == total
            and not model.is_loading()
            and model.rowCount() == min(total, PAGE_SIZE)
        ),
        timeout=20_000,
    )


@pytest.fixture
def big_run() -> int:
    # every 10th row refused, every 25th failed, the rest delivered
    statuses = [
        RowStatus.REFUSED
        if i % 10 == 0
        else RowStatus.FAILED
        if i % 25 == 1
        else RowStatus.DELIVERED
        for i in range(BIG)
    ]
    return make_run("big-event", statuses, "big.csv")


def test_a_large_run_pages_lazily_as_the_user_scrolls(qtbot: QtBot, big_run: int) -> None:
    window = open_history(qtbot, big_run)
    wait_rows(qtbot, window, BIG)
    assert window.rows_count.text() == "120,000 rows"
    assert window.rows_model.rowCount() == PAGE_SIZE  # not 120,000 rows in memory

    window.rows_view.setFocus()
    qtbot.keyClick(window.rows_view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.rows_model.rowCount() >= 2 * PAGE_SIZE, timeout=10_000)
    assert window.rows_model.rowCount() < BIG


def test_rows_filter_by_status_and_search(qtbot: QtBot, big_run: int) -> None:
    window = open_history(qtbot, big_run)
    wait_rows(qtbot, window, BIG)
    window.row_status.setFocus()
    window.row_status.setCurrentText("Refused")
    wait_rows(qtbot, window, BIG // 10)
    assert {r.status for r in window.rows_model.rows} == {RowStatus.REFUSED}

    qtbot.keyClicks(window.search, "guest119990@")
    wait_rows(qtbot, window, 1)
    index = window.rows_model.index(0, 0)
    window.rows_view.setCurrentIndex(index)
    facts = window.detail.facts.text()
    assert "Invalid e-mail" in facts and "guest119990@example.org" in facts
    assert '"email": "guest119990@example.org"' in window.detail.text.toPlainText()
    assert "Mapped (not sent)" in window.detail.text.toPlainText()  # refused before sending


def test_runs_filter_by_connector_and_status(qtbot: QtBot) -> None:
    make_run("spring", [RowStatus.DELIVERED] * 3)
    make_run("autumn", [RowStatus.DELIVERED, RowStatus.REFUSED])
    window = open_history(qtbot)
    assert window.runs_proxy.rowCount() == 2

    window.connector_filter.setCurrentText("autumn")
    assert window.runs_proxy.rowCount() == 1
    assert window.current_run is not None and window.current_run.connector == "autumn"

    window.connector_filter.setCurrentIndex(0)
    window.status_filter.setCurrentText("Completed")
    assert window.runs_proxy.rowCount() == 0
    window.status_filter.setCurrentText("Completed with errors")
    assert window.runs_proxy.rowCount() == 2


def test_export_writes_the_refused_and_failed_rows(qtbot: QtBot, tmp_path: Path) -> None:
    run_id = make_run("spring", [RowStatus.DELIVERED, RowStatus.REFUSED, RowStatus.FAILED])
    window = open_history(qtbot, run_id)
    assert window.export_button.isEnabled()
    target = tmp_path / "errors.csv"
    window.export_errors(target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "2 rows written" in window.statusBar().currentMessage(), timeout=10_000)
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Status"] for r in rows] == ["refused", "failed"]


def test_retrying_failed_rows_delivers_them(
    qtbot: QtBot, sandbox: SandboxServer, tentimes: str
) -> None:
    run_id = make_run(
        tentimes, [RowStatus.DELIVERED, RowStatus.FAILED, RowStatus.FAILED, RowStatus.REFUSED]
    )
    window = open_history(qtbot, run_id)
    assert window.retry_button.text() == "&Retry failed rows"
    assert window.retry_button.isEnabled()
    with qtbot.waitSignal(window.runsChanged, timeout=30_000):
        qtbot.mouseClick(window.retry_button, Qt.MouseButton.LeftButton)
    counts = HistoryStore().get_run(run_id).counts
    assert (counts.delivered, counts.failed, counts.refused) == (3, 0, 1)
    assert sandbox.registrations(1001) == {"guest1@example.org": 1, "guest2@example.org": 1}


def test_a_stopped_test_record_does_not_promise_a_resume(qtbot: QtBot) -> None:
    """A test record (say, from a connector wizard that was then cancelled) cannot be resumed:
    its state must not say "can be resumed" beside a disabled Resume."""
    store = HistoryStore()
    run_id = store.create_run(
        kind="push", connector="never-saved", platform="10times", dedupe_scope="1001", settings={}
    )
    store.set_run_status(run_id, "stopped")
    store.close()
    window = open_history(qtbot, run_id)
    qtbot.waitUntil(lambda: window.current_run is not None, timeout=10_000)
    assert "<b>Stopped</b>" in window.run_title.text()
    assert "resumed" not in window.run_title.text()
    shown = window.runs_proxy.index(0, 0)
    row_texts = [
        str(window.runs_proxy.index(shown.row(), c).data())
        for c in range(window.runs_proxy.columnCount())
    ]
    assert "Stopped" in row_texts
    assert not window.retry_button.isEnabled()
