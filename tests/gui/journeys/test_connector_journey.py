"""Add a connector by keyboard: Ctrl+N, 10times, *Use the sandbox* fills the settings and the key,
a real connection test against the sandbox, Finish. Also the settings page's keyboard: Alt+N is
Next (not a field), Tab goes from the name straight to the first setting, the key field has the
keyboard when its page opens."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from attendee_relay.core.profiles import ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.ui.connector_wizard.wizard import (
    PAGE_SECRETS,
    PAGE_SETTINGS,
    PAGE_SUMMARY,
    PAGE_TEST,
    ConnectorWizard,
)
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, internal_words


def test_a_10times_connector_on_the_sandbox_is_added_tested_and_saved_by_keyboard(
    qtbot: QtBot, person: Person, app_window: MainWindow
) -> None:
    person.presses("Ctrl+N")
    wizard = person.sees_window(ConnectorWizard)
    person.types("10")  # the platform list jumps to "10times"
    assert wizard.platform_page.platform() == "10times"
    person.presses("Alt+N")
    assert wizard.currentId() == PAGE_SETTINGS

    person.presses("Alt+U")  # "Use the sandbox"
    person.waits_for(lambda: "Filled in" in wizard.settings_page.preset_note.text())
    notify = wizard.settings_page.form.editors["notify_attendees"]
    assert isinstance(notify, QCheckBox) and not notify.isChecked()  # nobody e-mailed by surprise
    person.presses("Alt+M")  # the connector's name
    person.clears_and_types("summit-sandbox")
    person.presses("Tab")
    assert person.focused().accessibleName() == "Base URL"  # no invisible stop in between
    assert internal_words(wizard) == []

    person.presses("Alt+N")
    assert wizard.currentId() == PAGE_SECRETS
    person.waits_for(lambda: isinstance(person.focused(), QLineEdit))
    key_field = person.focused()
    assert key_field.accessibleName() == "API key" and key_field.text()  # filled by the preset

    person.presses("Alt+N")
    assert wizard.currentId() == PAGE_TEST
    # 10times has no test endpoint: one test attendee, its required fields filled in already.
    name_field = person.tabs_to("Name")
    person.clears_and_types("")
    person.presses("Alt+S")  # "Send one test attendee"
    assert wizard.test_page.result.text() == "⚠ Fill in Name first."
    person.types("Test Attendee")
    assert wizard.test_page.result.text() == ""  # the warning no longer holds
    assert person.focused() is name_field
    person.presses("Alt+S")
    person.waits_for(lambda: wizard.test_page.result.text().startswith("✔"))
    person.presses("Alt+N")
    assert wizard.currentId() == PAGE_SUMMARY
    assert internal_words(wizard) == []
    person.presses("Return")  # Enter presses the default button: Finish
    person.no_window(ConnectorWizard)

    person.works_in(app_window)
    person.waits_for(lambda: "summit-sandbox" in app_window.connectors.names())
    assert ProfileStore().get("summit-sandbox").last_test_ok is True
    assert SecretStore().get("summit-sandbox", "api_key")
    assert internal_words(app_window) == []


def test_esc_closes_the_connector_wizard(person: Person, app_window: MainWindow) -> None:
    person.presses("Ctrl+N")
    person.sees_window(ConnectorWizard)
    person.presses("Esc")
    person.no_window(ConnectorWizard)


def test_enter_on_the_settings_page_is_next_never_the_sandbox_preset(
    qtbot: QtBot, person: Person, app_window: MainWindow
) -> None:
    """A keyboard user setting up a real account presses Enter: that must not fill in the
    sandbox's address and key (the preset button had the keyboard when the page opened)."""
    person.presses("Ctrl+N")
    wizard = person.sees_window(ConnectorWizard)
    person.types("10")
    person.presses("Return")
    assert wizard.currentId() == PAGE_SETTINGS
    person.presses("Return")
    assert "Filled in" not in wizard.settings_page.preset_note.text()
    assert "127.0.0.1" not in wizard.settings_page.form.values().get("base_url", "")
