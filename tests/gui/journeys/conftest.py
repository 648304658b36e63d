"""Journeys start the app as a person does: the main window, shown, with its connectors loaded.
Every window a journey opened is closed afterwards, runs stopped first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
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


@pytest.fixture(autouse=True)
def no_message_box_unseen(qtbot: QtBot) -> Iterator[list[str]]:
    """A message box a journey did not expect fails it (instead of waiting on it for ever): it
    is read and closed, and the test fails with its text."""
    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.reject()

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(look)
    timer.start()
    yield seen
    timer.stop()
    assert seen == [], f"a message box interrupted the journey: {seen}"
