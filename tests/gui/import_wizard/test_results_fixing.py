"""The results page as a person reads and uses it: the run at a glance, a refused row edited in the
grid (the reason clears as it passes, Ctrl+Z puts it back), and "Import fixes…" taking back a
corrected error report (written here by Python's csv module, as a spreadsheet saves it: BOM, CRLF,
quoted cells) into the same run."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId
from gui.import_wizard.test_import_wizard import WAIT_MS, choose_file, next_page, walk_to_run

OpenWizard = Callable[..., ImportWizard]
HEADERS = ["First Name", "Last Name", "Email", "Company"]
GUESTS = [
    ["Amelia", "Clarke", "amelia@example.com", "Northwind"],
    ["Zoë", "Dupré", "zoe@@example.com", "Société Générale"],
    ["Jürgen", "Müller", "jurgen@example.com", "ACME GmbH"],
    ["Ines", "Ortiz", "ines@example.com", "0042 Events"],
]


@pytest.fixture
def guests(tmp_path: Path) -> Path:
    path = tmp_path / "guests.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(GUESTS)
    return path


def finish_import(qtbot: QtBot, wizard: ImportWizard, path: Path, connector: str) -> int:
    choose_file(qtbot, wizard, path)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=WAIT_MS)
    with qtbot.waitSignal(wizard.runFinished, timeout=WAIT_MS) as finished:
        walk_to_run(qtbot, wizard, connector)
    next_page(qtbot, wizard)  # -> results
    page = wizard.results_page
    qtbot.waitUntil(lambda: page.glance.figure.text() != "", timeout=WAIT_MS)
    return int(finished.args[0])


def button(wizard: ImportWizard, text: str) -> QPushButton:
    found = [
        b
        for b in wizard.findChildren(QPushButton)
        if b.isVisible() and b.text().replace("&", "") == text
    ]
    assert found, f"no visible button {text!r}"
    return found[0]


def test_the_glance_leads_with_delivered_of_total_a_labelled_bar_and_what_is_left(
    qtbot: QtBot, open_wizard: OpenWizard, tentimes_connector: str, guests: Path
) -> None:
    wizard = open_wizard()
    run_id = finish_import(qtbot, wizard, guests, tentimes_connector)
    glance = wizard.results_page.glance
    assert glance.figure.text() == "3 of 4 delivered"
    assert glance.bar.accessibleDescription() == "3 delivered, 1 refused"
    assert glance.legend.text().count("■") == 2  # each colour beside its words
    assert glance.timing.text().startswith(f"Run {run_id}: Completed with errors")
    assert glance.todo.text().startswith("1 row to fix")
    assert button(wizard, "Fix 1 row").isVisible()
    grid = wizard.results_page.grid
    assert grid.model().rowCount() == 1
    email = grid.model().index(0, 3)
    assert email.data() == "zoe@@example.com"
    assert email.data(Qt.ItemDataRole.BackgroundRole) is not None  # the cell at fault is marked
    assert grid.model().index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None


def test_an_edit_clears_the_reason_as_typed_and_ctrl_z_puts_it_back(
    qtbot: QtBot, open_wizard: OpenWizard, tentimes_connector: str, guests: Path
) -> None:
    wizard = open_wizard()
    finish_import(qtbot, wizard, guests, tentimes_connector)
    page = wizard.results_page
    grid = page.grid
    send = button(wizard, "Send fixed rows")
    assert not send.isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # Fix 1 row
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right):  # to Email
        qtbot.keyClick(grid, key)
    reason = grid.model().index(0, 5)
    assert "not a valid address" in reason.data()
    qtbot.keyClick(grid, Qt.Key.Key_Z)  # typing over the cell opens its editor
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "oe@example.com")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.model().index(0, 3).data() == "zoe@example.com")
    assert reason.data() == "Fixed: sent with “Send fixed rows”."
    assert send.isEnabled() and send.text().replace("&", "") == "Send 1 fixed row"

    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo
    assert grid.model().index(0, 3).data() == "zoe@@example.com"
    assert "not a valid address" in reason.data()
    assert not send.isEnabled()
    assert not button(wizard, "Undo edit").isEnabled()


def test_import_fixes_takes_a_corrected_error_report_into_the_same_run(
    qtbot: QtBot,
    open_wizard: OpenWizard,
    tentimes_connector: str,
    sandbox: SandboxServer,
    guests: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = open_wizard()
    run_id = finish_import(qtbot, wizard, guests, tentimes_connector)
    row = wizard.results_page.grid.model().index(0, 0).data()  # as the error report numbers it
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", newline="", encoding="utf-8-sig") as handle:  # as Excel saves: BOM, CRLF
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow([*HEADERS, "Row", "Status", "Reason"])
        writer.writerow(["Zoë", "Dupré", "zoe@example.com", "Société Générale", row, "refused", ""])
        writer.writerow(["Nobody", "Else", "no@example.com", "X", "99", "refused", ""])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(fixed), ""))

    qtbot.mouseClick(button(wizard, "Import fixes…"), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.RUN
    qtbot.waitUntil(wizard.run_page.isComplete, timeout=WAIT_MS)
    next_page(qtbot, wizard)
    page = wizard.results_page
    qtbot.waitUntil(lambda: page.glance.figure.text() == "4 of 4 delivered", timeout=WAIT_MS)
    said = page.report_label.text()
    assert "1 fixed and queued" in said and "1 not taken" in said
    assert f"row 99 not taken: Not a row of run {run_id}." in said
    counts = HistoryStore().get_run(run_id).counts
    assert (counts.delivered, counts.refused, counts.total) == (4, 0, 4)
    assert sandbox.registrations("1001").get("zoe@example.com") == 1
    assert "no@example.com" not in sandbox.registrations("1001")
