"""First run: no connector, so the window offers the sandbox; Alt+T imports the bundled sample
into the simulated 10times event over real HTTP; the main window then lists the connector and
the run in plain words, and the next import's file picker starts in the person's home folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from attendee_relay.core import paths
from attendee_relay.ui.import_wizard.wizard import ImportWizard
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, internal_words
from journeys.test_import_journey import walk_import_to_the_end


def test_first_run_imports_the_sample_into_the_sandbox_and_shows_it_in_plain_words(
    qtbot: QtBot, person: Person, app_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app_window.stack.currentWidget() is app_window.welcome
    assert internal_words(app_window) == []

    person.presses("Alt+T")  # "Try it with the sandbox"
    wizard = person.sees_window(ImportWizard)
    person.waits_for(wizard.file_page.isComplete)
    counts = walk_import_to_the_end(person, wizard)
    assert "30 delivered" in counts and "1 refused" in counts
    assert internal_words(wizard) == []

    # No program opens CSV files on this computer: the page says where the report is instead.
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    person.presses("Alt+E")  # "Open the error report"
    report = wizard.results_page.report_label
    person.waits_for(lambda: "No program" in report.text())
    assert report.text().startswith("1 row written to ")
    assert Path(report.text().split(" written to ")[1].split(". No program")[0]).is_file()
    person.presses("Alt+D")
    person.no_window(ImportWizard)

    person.works_in(app_window)
    person.waits_for(lambda: app_window.runs.count() == 1)
    assert app_window.connectors.names() == ["sandbox"]
    # Never tested, but it just delivered: it says so, not "Never tested".
    assert app_window.connectors.tree.topLevelItem(0).text(2).startswith("Delivered 30 rows")
    assert app_window.statusBar().currentMessage().startswith("1 connector, 1 recent run.")
    assert internal_words(app_window) == []

    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda _parent, _title, folder, _filter: (offered.append(folder), ("", ""))[1],
    )
    person.presses("Ctrl+I")
    wizard = person.sees_window(ImportWizard)
    person.clicks(wizard, "Choose file…")
    assert offered == [str(paths.documents_dir())]  # Documents, not the bundled sample's folder
