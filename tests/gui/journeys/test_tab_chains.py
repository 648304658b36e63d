"""Tab reaches every control of every wizard page, in the order they are drawn (top to bottom),
and stops on nothing else (the settings page once had an invisible stop between the connector's
name and the first setting; the file page's preview trapped Tab)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from attendee_relay.ui.connector_wizard.wizard import PAGE_SUMMARY, ConnectorWizard
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, tab_order_jumps, tab_problems


def test_every_connector_wizard_page_has_a_whole_tab_chain(
    qtbot: QtBot, person: Person, app_window: MainWindow
) -> None:
    person.presses("Ctrl+N")
    wizard = person.sees_window(ConnectorWizard)
    person.types("10")
    problems: dict[str, list[str]] = {}
    while True:
        page = wizard.currentPage()
        person.waits_for(lambda p=page: p.isComplete() or wizard.currentId() == 1)
        problems[page.title()] = tab_problems(person, wizard)
        problems[page.title()] += tab_order_jumps(person, wizard, page)
        if wizard.currentId() == 1:  # settings: fill them from the sandbox to go on
            person.presses("Alt+U")
            person.waits_for(lambda: "Filled in" in wizard.settings_page.preset_note.text())
        if wizard.currentId() == PAGE_SUMMARY:
            break
        person.waits_for(lambda p=page: p.isComplete())
        person.presses("Alt+N")
    assert problems == {title: [] for title in problems}


def test_every_import_wizard_page_has_a_whole_tab_chain(
    qtbot: QtBot, person: Person, app_window: MainWindow, tentimes: str
) -> None:
    person.presses("Alt+T")  # the sandbox and its sample: every page has something on it
    wizard = person.sees_window(ImportWizard)
    problems: dict[str, list[str]] = {}
    while wizard.currentId() < PageId.PREVIEW:
        page = wizard.currentPage()
        person.waits_for(page.isComplete)
        problems[page.title()] = tab_problems(person, wizard)
        problems[page.title()] += tab_order_jumps(person, wizard, page)
        person.presses("Alt+N")
    person.waits_for(wizard.currentPage().isComplete)
    last = wizard.currentPage()
    problems[last.title()] = tab_problems(person, wizard) + tab_order_jumps(person, wizard, last)
    assert problems == {title: [] for title in problems}
