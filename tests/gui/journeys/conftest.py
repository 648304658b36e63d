"""Journeys start the app as a person does: the main window, shown, with its connectors loaded.
Every window a journey opened is closed afterwards, runs stopped first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from attendee_relay.ui.main_window import MainWindow
from attendee_relay.ui.sandbox_session import SandboxSession
from journeys.person import Person


@pytest.fixture
def person(qtbot: QtBot) -> Person:
    return Person(qtbot)


@pytest.fixture
def app_window(qtbot: QtBot, person: Person) -> Iterator[MainWindow]:
    """The main window as `attendee-relay` opens it (the sandbox on a free port)."""
    window = MainWindow(sandbox=SandboxSession(port=0, latency_ms=0))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.overviewShown, timeout=10_000):
        window.show()
        window.refresh()
    person.works_in(window)
    yield window
    for widget in QApplication.topLevelWidgets():
        bridge = getattr(widget, "bridge", None)
        if bridge is not None and bridge.running:
            bridge.cancel()
            qtbot.waitUntil(lambda b=bridge: not b.running, timeout=20_000)
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.hide()
    window.sandbox.stop()
