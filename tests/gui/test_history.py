"""The history browser: run filters, a 120,000-row run paged lazily, row filters and search, one
row's detail, export, and retrying failed rows against the sandbox."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from attendee_relay.context import load_connector
from attendee_relay.core.history import HistoryStore, RowInsert
from attendee_relay.core.history.store import RUN_COMPLETED_WITH_ERRORS
from attendee_relay.core.importing import prepare_import
from attendee_relay.core.mapping.automatch import auto_map
from attendee_relay.core.records import RowStatus, SourceRow
from attendee_relay.core.sources import Source, open_source
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
    store.finish_reading(run_id)
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


def test_export_to_a_file_held_by_excel_shows_a_dialog_and_leaves_it_alone(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = make_run("spring", [RowStatus.DELIVERED, RowStatus.REFUSED])
    window = open_history(qtbot, run_id)
    target = tmp_path / "Zoë's exports" / "Fehler.csv"
    target.parent.mkdir()
    target.write_text("open in Excel\n", encoding="utf-8")
    target.chmod(0o444)  # as Windows sees a file Excel holds: not writable
    # The native save dialog, answered with that file.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV"))
    shown: list[tuple[str, str]] = []

    def warning(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)

    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "read-only or open in another program; close it there" in shown[0][1]
    assert target.read_text(encoding="utf-8") == "open in Excel\n"


def test_export_offers_the_documents_folder_the_os_knows(
    qtbot: QtBot, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Documents redirected by OneDrive (conftest): the dialog starts there, not in the home folder.
    run_id = make_run("spring", [RowStatus.REFUSED])
    window = open_history(qtbot, run_id)
    offered: list[str] = []

    def save_dialog(parent: object, caption: str, start: str, *args: object) -> tuple[str, str]:
        offered.append(start)
        return "", ""  # the person cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)

    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)

    documents = isolated_home / "OneDrive - Société" / "Documents"
    assert offered == [str(documents / f"run-{run_id}-errors.csv")]


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


class _StopsAfter(Source):
    """The file read up to ``rows`` rows, then the process "dies": as a kill while reading."""

    def __init__(self, source: Source, rows: int) -> None:
        super().__init__(source.info)
        self._source, self._rows = source, rows

    def rows(self) -> Iterator[SourceRow]:
        for n, row in enumerate(self._source.rows()):
            if n == self._rows:
                raise KeyboardInterrupt
            yield row

    def preview(self, limit: int = 20) -> list[list[str]]:
        return self._source.preview(limit)


def test_a_run_stopped_while_reading_resumes_from_the_history_and_delivers_the_whole_file(
    qtbot: QtBot, sandbox: SandboxServer, tentimes: str, tmp_path: Path
) -> None:
    path = tmp_path / "guests.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Full Name", "Email"])
        writer.writerows([f"Guest {i}", f"guest{i}@example.org"] for i in range(5000))
    loaded = load_connector(tentimes)
    source = open_source(path)
    store = HistoryStore()
    mapping = auto_map(source.info.headers, loaded.connector.target_fields(), "10times")
    with pytest.raises(KeyboardInterrupt):
        prepare_import(
            connector=loaded.connector,
            connector_name=tentimes,
            source=_StopsAfter(source, 2500),
            mapping=mapping,
            store=store,
            settings={},
            secrets=loaded.secrets,
        )
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    with store._db:  # the process that was reading is gone, as after a SIGKILL
        store._db.execute("UPDATE runs SET pid=?", (int(gone.stdout),))
    run_id = store.list_runs()[0].run_id
    assert store.get_run(run_id).counts.total == 2000  # the chunks committed before the stop

    window = open_history(qtbot, run_id)
    assert "Stopped while reading the file" in window.run_title.text()
    resume = next(b for b in window.findChildren(QPushButton) if b.text() == "&Resume run")
    assert resume.isEnabled()
    with qtbot.waitSignal(window.runsChanged, timeout=60_000):
        qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)

    run = HistoryStore().get_run(run_id)
    assert run.fully_read and run.status == "completed"
    assert (run.counts.total, run.counts.delivered) == (5000, 5000)
    assert len(sandbox.registrations(1001)) == 5000
    qtbot.waitUntil(
        lambda: "5,000 rows: 5,000 delivered" in window.run_title.text(), timeout=10_000
    )


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
