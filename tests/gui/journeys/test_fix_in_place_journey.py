"""Fix in place: an import with three bad e-mail addresses ends with three rows refused; on the
results page the person jumps to the grid (Alt+F), types each address right over the bad one,
Enter keeps it and the reason clears, and Alt+S sends the three in the same run. The run then
holds every row delivered, and the platform each attendee once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, mnemonic_clashes

ROWS = 12
BAD = {3: "ada3@@example.org", 7: "ada7 example.org", 10: "ada10@"}


@pytest.fixture
def guests(tmp_path: Path) -> Path:
    path = tmp_path / "guests.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Email"])
        for i in range(1, ROWS + 1):
            writer.writerow([f"Ada{i}", f"Lovelace{i}", BAD.get(i, f"ada{i}@example.org")])
    return path


def test_three_bad_addresses_fixed_in_the_grid_by_keyboard_are_delivered_in_the_same_run(
    qtbot: QtBot,
    person: Person,
    app_window: MainWindow,
    sandbox: SandboxServer,
    tentimes: str,
    guests: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(guests), ""))
    with qtbot.waitSignal(app_window.overviewShown, timeout=10_000):
        person.presses("F5")
    person.presses("Ctrl+I")
    wizard = person.sees_window(ImportWizard)
    person.clicks(wizard, "Choose file…")
    for _page in ("connector", "mapping", "validation", "preview"):
        person.waits_for(lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled())
        person.presses("Alt+N")
    person.waits_for(lambda: wizard.button(wizard.WizardButton.CommitButton).isEnabled())
    person.presses("Alt+S")
    person.waits_for(lambda: person.button(wizard, "See results").isEnabled(), timeout=60_000)
    person.presses("Alt+R")
    results = wizard.results_page
    person.waits_for(lambda: person.button(wizard, "Fix 3 rows").isVisible())
    assert results.glance.figure.text() == f"{ROWS - 3} of {ROWS} delivered"
    assert results.glance.bar.accessibleDescription() == "9 delivered, 3 refused"
    assert not person.button(wizard, "Send fixed rows").isEnabled()
    assert mnemonic_clashes(wizard) == {}

    person.presses("Alt+F")  # Fix 3 rows: the keyboard goes to the grid's first cell
    grid = results.grid
    assert person.focused() is grid
    person.presses("Right")
    person.presses("Right")  # First Name → Last Name → Email
    reasons = []
    for row in sorted(BAD):
        reasons.append(grid.model().index(grid.currentIndex().row(), 4).data())
        person.types(f"ada{row}@example.org")  # typed over the bad address
        person.presses("Return")  # kept; the cursor goes down to the next row's Email
    assert all("mail" in reason.lower() for reason in reasons), reasons
    person.waits_for(lambda: person.button(wizard, "Send 3 fixed rows").isEnabled())
    assert [grid.model().index(r, 4).data() for r in range(3)] == [
        "Fixed: sent with “Send fixed rows”."
    ] * 3

    person.presses("Alt+S")  # Send 3 fixed rows
    assert wizard.currentId() == PageId.RUN
    person.waits_for(lambda: person.button(wizard, "See results").isEnabled(), timeout=60_000)
    person.presses("Alt+R")
    person.waits_for(lambda: results.glance.figure.text() == f"{ROWS} of {ROWS} delivered")
    assert "3 fixed and queued" in results.report_label.text()
    runs = HistoryStore().list_runs()
    assert [(r.counts.delivered, r.counts.refused, r.counts.total) for r in runs] == [
        (ROWS, 0, ROWS)
    ]
    registered = sandbox.registrations(1001)
    assert registered == {f"ada{i}@example.org": 1 for i in range(1, ROWS + 1)}
    assert not grid.isVisible()  # nothing left to fix
