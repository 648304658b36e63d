"""The history by keyboard: Ctrl+H opens it on the newest run, Tab into its rows, arrow keys
drill into one row's story, Alt+E exports the refused rows (the OS save dialog replaced), and
Esc, Ctrl+W or the Close button close it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from attendee_relay.ui.history.window import HistoryWindow
from attendee_relay.ui.import_wizard.wizard import ImportWizard
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, internal_words
from journeys.test_import_journey import walk_import_to_the_end


def import_the_sample(person: Person, window: MainWindow) -> None:
    person.presses("Alt+T")  # first run: "Try it with the sandbox"
    wizard = person.sees_window(ImportWizard)
    person.waits_for(wizard.file_page.isComplete)
    walk_import_to_the_end(person, wizard)
    person.presses("Alt+D")
    person.no_window(ImportWizard)
    person.works_in(window)
    person.waits_for(lambda: window.runs.count() == 1)


@pytest.mark.parametrize("close_key", ["Esc", "Ctrl+W", "Close button"])
def test_history_shows_a_row_exports_the_refused_and_closes(
    qtbot: QtBot,
    person: Person,
    app_window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    close_key: str,
) -> None:
    import_the_sample(person, app_window)
    person.presses("Ctrl+H")
    history = person.sees_window(HistoryWindow)
    person.waits_for(lambda: history.current_run is not None)
    assert "31 rows" in history.run_title.text()

    person.presses("Alt+W")  # "Rows:" filter
    person.tabs_to("Rows of the run")
    person.presses("Down")
    person.waits_for(lambda: "Status:" in history.detail.facts.text())
    assert internal_words(history) == []

    target = tmp_path / "to-fix.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args: (str(target), "CSV files (*.csv)")
    )
    person.presses("Alt+E")  # "Export refused and failed rows…"
    person.waits_for(lambda: "1 row written" in history.statusBar().currentMessage())
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 1

    if close_key == "Close button":
        person.clicks(history, "Close")
    else:
        person.presses(close_key)
    person.no_window(HistoryWindow)
