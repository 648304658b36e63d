"""Cancel and resume: a slow import is paused (its speed and time left say so), cancelled with
Alt+C, and the results page offers to resume it (not to "retry" 0 failed rows); Alt+R resumes
and every row ends delivered, none twice."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.sandbox.config import SandboxConfig
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, internal_words, mnemonic_clashes, visible_texts

ROWS = 120


@pytest.fixture
def slow_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(latency_ms=60)) as server:
        yield server


@pytest.fixture
def guests(tmp_path: Path) -> Path:
    path = tmp_path / "guests.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Email"])
        for i in range(ROWS):
            writer.writerow([f"Ada{i}", f"Lovelace{i}", f"ada{i}@example.org"])
    return path


def test_a_cancelled_import_is_resumed_from_its_results_page(
    qtbot: QtBot,
    person: Person,
    app_window: MainWindow,
    slow_sandbox: SandboxServer,
    guests: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ProfileStore().save(
        ConnectorProfile(
            name="slow",
            platform="10times",
            settings={
                "base_url": slow_sandbox.url("10times"),
                "event": "1001",
                "channel": "web",
                "max_concurrency": 2,
            },
            secret_names=["api_key"],
        )
    )
    SecretStore().set("slow", "api_key", "sandbox-key")
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
    counters = wizard.run_page.counters
    person.waits_for(lambda: counters["delivered"].text() not in ("0", ""))

    person.presses("Alt+P")  # Pause
    assert counters["eta"].text() == "paused" and counters["rate"].text() == "0"
    assert mnemonic_clashes(wizard) == {}
    person.presses("Alt+C")  # Cancel import
    person.waits_for(lambda: person.button(wizard, "See results").isEnabled())
    person.presses("Alt+R")
    assert wizard.currentId() == PageId.RESULTS
    assert person.button(wizard, "Resume the import").isEnabled()
    assert "Retry failed rows" not in visible_texts(wizard)  # 0 failed: nothing to retry
    assert internal_words(wizard) == []

    person.presses("Alt+R")  # Resume the import: back to the run page, sending
    assert wizard.currentId() == PageId.RUN
    person.waits_for(lambda: person.button(wizard, "See results").isEnabled(), timeout=60_000)
    person.presses("Alt+R")
    person.waits_for(lambda: f"{ROWS} delivered" in wizard.results_page.counts_label.text())
    runs = HistoryStore().list_runs()
    assert [(r.counts.delivered, r.counts.total) for r in runs] == [(ROWS, ROWS)]
    assert len(slow_sandbox.registrations(1001)) == ROWS  # none twice
