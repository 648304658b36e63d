"""The history window's run at a glance, and "Forget personal data…" as a person uses it: an
e-mail address typed in the dialog, or the chosen run; told it cannot be undone; refused with a
sentence while a run is in progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.store import RUN_RUNNING
from attendee_relay.core.records import RowStatus
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
