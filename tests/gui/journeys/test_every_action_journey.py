"""Every menu and toolbar action opens what it names, both from its menu item (QAction.trigger,
as a click does, `checked` and all) and by its shortcut; Esc closes each window it opened, and
no error appears on the way."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from attendee_relay.ui import test_push
from attendee_relay.ui.about_dialog import AboutDialog
from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard
from attendee_relay.ui.history.window import HistoryWindow
from attendee_relay.ui.import_wizard.wizard import ImportWizard
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, internal_words

WINDOWS: dict[str, type[QWidget]] = {
    "import_action": ImportWizard,
    "push_action": test_push.TestPushDialog,
    "add_action": ConnectorWizard,
    "edit_action": ConnectorWizard,
    "duplicate_action": ConnectorWizard,
    "history_action": HistoryWindow,
    "about_action": AboutDialog,
}


@pytest.mark.parametrize("how", ["menu", "shortcut"])
@pytest.mark.parametrize("action_name", sorted(WINDOWS))
def test_each_action_opens_its_window_and_esc_closes_it(
    qtbot: QtBot,
    person: Person,
    app_window: MainWindow,
    tentimes: str,
    action_name: str,
    how: str,
) -> None:
    with qtbot.waitSignal(app_window.overviewShown, timeout=10_000):
        person.presses("F5")
    app_window.connectors.tree.setFocus()
    person.presses("Down")  # select the connector, as edit and duplicate need one
    person.waits_for(lambda: app_window.connectors.selected_name() == tentimes)
    action = getattr(app_window, action_name)
    assert action.isEnabled()
    if how == "menu" or action.shortcut().isEmpty():
        action.trigger()
    else:
        person.presses(action.shortcut().toString())
    window = person.sees_window(WINDOWS[action_name])
    assert internal_words(window) == []
    person.presses("Esc")
    person.no_window(WINDOWS[action_name])


def test_refresh_reloads_and_file_quit_closes_the_window(
    qtbot: QtBot, person: Person, app_window: MainWindow
) -> None:
    with qtbot.waitSignal(app_window.overviewShown, timeout=10_000):
        person.presses("F5")
    person.presses("Alt+F")  # the File menu; its Quit is Ctrl+Q where the desktop says so
    person.waits_for(lambda: app_window.menuBar().activeAction() is not None)
    person.presses("Q")
    qtbot.waitUntil(lambda: not app_window.isVisible(), timeout=5_000)
