"""Import attendees, started each way a person starts it: the toolbar button, the File menu by
keyboard, and Ctrl+I. Then the file is chosen with *Choose file…* (the OS file dialog is the only
thing replaced), and the wizard is walked with Alt+N and Alt+S to a finished run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from attendee_relay.core import paths
from attendee_relay.core.history import HistoryStore
from attendee_relay.ui.import_wizard.wizard import ImportWizard
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, mnemonic_clashes

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "resources" / "sample_attendees.csv"


def start_import(person: Person, window: MainWindow, way: str) -> ImportWizard:
    if way == "toolbar":
        button = window.toolbar.widgetForAction(window.import_action)
        person.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    elif way == "menu":
        person.presses("Alt+F")  # opens the File menu
        person.waits_for(lambda: window.menuBar().activeAction() is not None)
        person.presses("I")  # its "Import attendees…" item
    else:
        person.presses("Ctrl+I")
    return person.sees_window(ImportWizard)


def walk_import_to_the_end(person: Person, wizard: ImportWizard) -> str:
    """Alt+N through the pages, Alt+S to start, then the results; returns the counts shown."""
    for _page in ("connector", "mapping", "validation", "preview"):
        person.waits_for(lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled())
        assert mnemonic_clashes(wizard) == {}
        person.presses("Alt+N")
    assert mnemonic_clashes(wizard) == {}
    person.waits_for(lambda: wizard.button(wizard.WizardButton.CommitButton).isEnabled())
    person.presses("Alt+S")  # "Start import"
    person.waits_for(lambda: person.button(wizard, "See results").isEnabled(), timeout=60_000)
    assert mnemonic_clashes(wizard) == {}
    person.presses("Alt+R")
    assert mnemonic_clashes(wizard) == {}
    counts = wizard.results_page.counts_label.text()
    assert counts
    return counts


@pytest.mark.parametrize("way", ["toolbar", "menu", "shortcut"])
def test_import_started_from_the_toolbar_menu_or_ctrl_i_delivers_the_chosen_file(
    qtbot: QtBot,
    person: Person,
    app_window: MainWindow,
    tentimes: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    way: str,
) -> None:
    chosen = tmp_path / "guests.csv"
    shutil.copy(SAMPLE, chosen)
    offered: list[str] = []

    def os_file_dialog(_parent: object, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        offered.append(folder)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", os_file_dialog)
    with qtbot.waitSignal(app_window.overviewShown, timeout=10_000):
        person.presses("F5")  # the connector saved by the fixture shows up
    wizard = start_import(person, app_window, way)
    assert wizard.file_page.error_text == ""  # never "False does not exist"

    person.clicks(wizard, "Choose file…")
    assert offered == [str(paths.documents_dir())]  # the Documents folder, not the app's own
    person.waits_for(wizard.file_page.isComplete)
    counts = walk_import_to_the_end(person, wizard)

    runs = HistoryStore().list_runs()
    assert [r.counts.delivered for r in runs] == [30]
    assert "30 delivered" in counts and "1 refused" in counts
    person.presses("Alt+D")  # Done
    person.no_window(ImportWizard)
