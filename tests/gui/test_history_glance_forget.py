"""The history window's run at a glance, and "Forget personal data…" as a person uses it: an
e-mail address typed in the dialog, or the chosen run; told it cannot be undone; refused with a
sentence while a run is in progress."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from attendee_relay.context import load_connector
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.store import RUN_RUNNING
from attendee_relay.core.importing import prepare_import
from attendee_relay.core.mapping.automatch import auto_map
from attendee_relay.core.records import RowStatus
from attendee_relay.core.sources import open_source
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.history.forget_dialog import ForgetDialog
from attendee_relay.ui.history.window import HistoryWindow
from gui.test_history import make_run, open_history

STATUSES = [RowStatus.DELIVERED, RowStatus.DELIVERED, RowStatus.REFUSED, RowStatus.FAILED]


def click(qtbot: QtBot, window: QWidget, text: str) -> None:
    found = [
        b
        for b in window.findChildren(QPushButton)
        if b.isVisible() and b.text().replace("&", "") == text
    ]
    assert found, f"no visible button {text!r}"
    qtbot.waitUntil(found[0].isEnabled)
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)


def open_forget(qtbot: QtBot, window: HistoryWindow) -> ForgetDialog:
    click(qtbot, window, "Forget personal data…")
    qtbot.waitUntil(lambda: window.forget_dialog is not None and window.forget_dialog.isVisible())
    dialog = window.forget_dialog
    assert dialog is not None
    if QApplication.activeWindow() is not dialog:  # the window manager gives it the keyboard
        dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_a_run_at_a_glance_in_the_history(qtbot: QtBot) -> None:
    run_id = make_run("demo", STATUSES)
    window = open_history(qtbot, run_id)
    glance = window.glance
    qtbot.waitUntil(lambda: glance.figure.text() == "2 of 4 delivered")
    assert glance.bar.accessibleDescription() == "2 delivered, 1 refused, 1 failed"
    assert glance.todo.text().startswith("2 rows to fix")
    click(qtbot, window, "Fix 2 rows")  # shows the refused and failed rows
    assert window.row_status.currentText() == "Refused or failed"


def test_forget_an_e_mail_address_says_it_cannot_be_undone_and_how_many_rows(
    qtbot: QtBot,
) -> None:
    run_id = make_run("demo", STATUSES)
    window = open_history(qtbot, run_id)
    dialog = open_forget(qtbot, window)
    assert "cannot be undone" in " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert not dialog.forget_button.isEnabled()  # no address yet
    qtbot.mouseClick(dialog.email, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.email, "guest1@example.org")
    click(qtbot, dialog, "Forget")
    qtbot.waitUntil(lambda: window.fixes_label.text() != "")
    assert window.fixes_label.text().startswith("Forgot the personal data of 1 row in 1 run")
    store = HistoryStore()
    row = store.row(run_id, 2)
    assert row is not None and "guest1@example.org" not in str(row.source)
    other = store.row(run_id, 1)
    assert other is not None and other.source["Email"] == "guest0@example.org"


def test_forget_the_chosen_run(qtbot: QtBot) -> None:
    run_id = make_run("demo", STATUSES)
    window = open_history(qtbot, run_id)
    dialog = open_forget(qtbot, window)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is dialog
    qtbot.keyClick(focused, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # "Every row of run N"
    qtbot.waitUntil(dialog.by_run.isChecked)
    click(qtbot, dialog, "Forget")
    qtbot.waitUntil(lambda: window.fixes_label.text() != "")
    assert window.fixes_label.text().startswith("Forgot the personal data of 4 rows in 1 run")


def test_forget_is_refused_with_a_sentence_while_a_run_is_in_progress(qtbot: QtBot) -> None:
    run_id = make_run("demo", STATUSES)
    busy = make_run("demo", [RowStatus.PENDING])
    store = HistoryStore()
    store.set_run_status(busy, RUN_RUNNING)
    store.close()
    window = open_history(qtbot, run_id)
    dialog = open_forget(qtbot, window)
    qtbot.keyClicks(dialog.email, "guest1@example.org")
    said: list[str] = []

    def read_the_warning() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            said.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, read_the_warning)

    QTimer.singleShot(50, read_the_warning)
    click(qtbot, dialog, "Forget")
    qtbot.waitUntil(lambda: bool(said))
    assert said == [f"Run {busy} is in progress; forget once it has finished (or stop it first)."]
    row = HistoryStore().row(run_id, 2)
    assert row is not None and row.source["Email"] == "guest1@example.org"  # nothing erased


def test_a_refused_row_fixed_in_the_history_grid_is_sent_in_the_same_run(
    qtbot: QtBot, sandbox: SandboxServer, tentimes: str, tmp_path: Path
) -> None:
    path = tmp_path / "guests.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [["Full Name", "Email"], ["Ana K", "ana@example.org"], ["Bo L", "bo@@example.org"]]
        )
    loaded = load_connector(tentimes)
    source = open_source(path)
    store = HistoryStore()
    prepared = prepare_import(
        connector=loaded.connector,
        connector_name=tentimes,
        source=source,
        mapping=auto_map(source.info.headers, loaded.connector.target_fields(), "10times"),
        store=store,
        settings={},
        secrets=loaded.secrets,
    )
    run_id = prepared.run_id
    assert run_id is not None
    window = open_history(qtbot, run_id)
    grid = window.fix_grid
    qtbot.waitUntil(lambda: grid.isVisible() and grid.model().rowCount() == 1)
    click(qtbot, window, "Fix 1 row")  # the glance's button: the rows to fix, keyboard in the grid
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # Full Name → Email
    qtbot.keyClick(grid, Qt.Key.Key_B)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "o@example.org")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.model().index(0, 2).data() == "bo@example.org")
    with qtbot.waitSignal(window.runsChanged, timeout=20_000):
        click(qtbot, window, "Send fixed rows")
    counts = HistoryStore().get_run(run_id).counts
    assert (counts.delivered, counts.refused, counts.total) == (2, 0, 2)
    assert sandbox.registrations("1001") == {"ana@example.org": 1, "bo@example.org": 1}
    qtbot.waitUntil(lambda: "1 fixed and queued" in window.fixes_label.text())
