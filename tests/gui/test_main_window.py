"""The main window as a new and a returning user see it: the first-run offer (and the sandbox
import it leads to), the connectors with their state, recent runs, drop-to-import, removal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.core.profiles import ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.ui.import_wizard.walkthrough import walk_to
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId
from attendee_relay.ui.main_window import MainWindow
from attendee_relay.ui.resources import sample_csv_path
from attendee_relay.ui.sandbox_session import SandboxSession


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    win = MainWindow(sandbox=SandboxSession(port=0, latency_ms=0))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.overviewShown, timeout=10_000):
        win.refresh()
    yield win
    for wizard in _import_wizards(win):
        if wizard.bridge.running:
            wizard.bridge.cancel()
            qtbot.waitUntil(lambda w=wizard: not w.bridge.running, timeout=20_000)
    win.sandbox.stop()


def _import_wizards(win: MainWindow) -> list[ImportWizard]:
    return [w for w in win._windows if isinstance(w, ImportWizard)]


def test_with_no_connector_the_window_offers_the_sandbox(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.sandbox_button.isVisible()
    assert window.welcome.sandbox_button.isEnabled()


def test_try_the_sandbox_leads_to_a_complete_import_of_the_sample(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.mouseClick(window.welcome.sandbox_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_import_wizards(window)), timeout=15_000)
    assert ProfileStore().get("sandbox").platform == "10times"
    assert SecretStore().get("sandbox", "api_key") == "sandbox-key"
    wizard = _import_wizards(window)[0]
    assert Path(wizard.file_page.path_edit.text()) == sample_csv_path()

    walk_to(wizard, PageId.RUN, lambda ok: qtbot.waitUntil(ok, timeout=20_000))
    with qtbot.waitSignal(wizard.runFinished, timeout=60_000) as finished:
        pass
    run = HistoryStore().get_run(finished.args[0])
    assert run.counts.delivered == 30 and run.counts.refused == 1  # one bad e-mail on purpose
    qtbot.waitUntil(lambda: window.runs.count() == 1, timeout=10_000)
    assert window.stack.currentIndex() == 1  # connectors and runs now
    assert window.connectors.names() == ["sandbox"]


def test_connectors_show_their_test_state(qtbot: QtBot, window: MainWindow, tentimes: str) -> None:
    profiles = ProfileStore()
    failing = profiles.get(tentimes).model_copy(update={"name": "broken"})
    failing.last_test_ok = False
    failing.last_test_at = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
    failing.last_test_message = "Invalid key"
    profiles.save(failing)
    with qtbot.waitSignal(window.overviewShown):
        window.refresh_action.trigger()

    tree = window.connectors.tree
    states = {
        tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(2)
        for i in range(tree.topLevelItemCount())
    }
    assert states["demo"] == "Never tested"
    assert states["broken"].startswith("Failing since")
    assert window.stack.currentIndex() == 1


def test_dropping_a_csv_opens_the_import_wizard_with_it(
    qtbot: QtBot, window: MainWindow, tentimes: str, tmp_path: Path
) -> None:
    dropped = tmp_path / "guests.csv"
    dropped.write_bytes(sample_csv_path().read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    args = (
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(*args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(*args))
    wizards = _import_wizards(window)
    assert len(wizards) == 1
    assert Path(wizards[0].file_page.path_edit.text()) == dropped


def test_dropping_something_else_is_refused(window: MainWindow, tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.png"))])
    enter = QDragEnterEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_removing_a_connector_deletes_it_and_its_secret(
    qtbot: QtBot, window: MainWindow, tentimes: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(window.overviewShown):
        window.refresh()
    window.connectors.select(tentimes)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.overviewShown, timeout=10_000):
        qtbot.keyClick(window.connectors.tree, Qt.Key.Key_Delete)
    assert not ProfileStore().exists(tentimes)
    assert SecretStore().get(tentimes, "api_key") is None
    assert window.stack.currentWidget() is window.welcome


@pytest.mark.parametrize("way", ["toolbar", "menu", "shortcut"])
def test_import_opens_the_wizard_on_an_empty_file_page(
    qtbot: QtBot, window: MainWindow, way: str
) -> None:
    """Import as a person starts it: the toolbar button, the File menu item, or Ctrl+I. The action
    passes `checked` like a click does; it once landed in the file name ("False does not exist")."""
    if way == "toolbar":
        button = window.toolbar.widgetForAction(window.import_action)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    elif way == "menu":
        window.import_action.trigger()
    else:
        window.activateWindow()
        window.setFocus()
        qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(_import_wizards(window)), timeout=10_000)
    wizard = _import_wizards(window)[0]
    assert wizard.file_page.path_edit.text() == ""
    assert wizard.file_page.error_text == ""


def test_about_and_quit_carry_the_roles_that_put_them_in_the_macos_application_menu(
    window: MainWindow,
) -> None:
    help_menu, file_menu = (
        next(m for m in window.menuBar().findChildren(QMenu) if m.title() == title)
        for title in ("&Help", "&File")
    )
    about = next(a for a in help_menu.actions() if a.text().startswith("&About"))
    quit_ = next(a for a in file_menu.actions() if a.text() == "&Quit")
    assert about.menuRole() == QAction.MenuRole.AboutRole
    assert quit_.menuRole() == QAction.MenuRole.QuitRole


def test_shortcuts_are_the_platforms_standard_keys(window: MainWindow) -> None:
    # What each platform calls New, Refresh and Quit (⌘N, ⌘R, ⌘Q on macOS).
    for action, key in (
        (window.add_action, QKeySequence.StandardKey.New),
        (window.refresh_action, QKeySequence.StandardKey.Refresh),
        (window.quit_action, QKeySequence.StandardKey.Quit),
    ):
        assert action.shortcuts() == QKeySequence.keyBindings(key), action.text()
    # Delete: the platform's first key only (X11 adds Ctrl+D, which is Duplicate's).
    assert window.remove_action.shortcuts() == [QKeySequence(QKeySequence.StandardKey.Delete)]
    assert window.duplicate_action.shortcut() == QKeySequence("Ctrl+D")
