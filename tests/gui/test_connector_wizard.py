"""The connector wizard, driven as a person does: platform, settings, secret, a test attendee to
the sandbox over real HTTP, summary, Finish; also inline validation, editing and duplicating."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QWizard
from pytestqt.qtbot import QtBot

from attendee_relay.core.profiles import ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.connector_wizard.wizard import (
    PAGE_SECRETS,
    PAGE_SETTINGS,
    PAGE_SUMMARY,
    PAGE_TEST,
    ConnectorWizard,
)


def open_wizard(qtbot: QtBot, **kwargs: str) -> ConnectorWizard:
    wizard = ConnectorWizard(**kwargs)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def press(qtbot: QtBot, wizard: ConnectorWizard, button: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def choose_platform(qtbot: QtBot, wizard: ConnectorWizard, title: str) -> None:
    listing: QListWidget = wizard.platform_page.list
    item = next(
        listing.item(i)
        for i in range(listing.count())
        if listing.item(i).text().startswith(title + "\n")
    )
    rect = listing.visualItemRect(item)
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def keychain_checked(qtbot: QtBot, wizard: ConnectorWizard) -> None:
    """The secrets page finds out about the keychain in the background."""
    qtbot.waitUntil(lambda: wizard.secrets_page.keychain_ok, timeout=5000)


def finish(qtbot: QtBot, wizard: ConnectorWizard) -> None:
    """Press Finish and wait for the background save (the wizard then closes)."""
    with qtbot.waitSignal(wizard.connectorSaved, timeout=5000):
        press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def setting(wizard: ConnectorWizard, name: str) -> QLineEdit:
    form = wizard.settings_page.form
    assert form is not None
    editor = form.editors[name]
    assert isinstance(editor, QLineEdit)
    return editor


def test_a_new_10times_connector_is_tested_with_one_attendee_and_saved(
    qtbot: QtBot, sandbox: SandboxServer
) -> None:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "10times")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_SETTINGS

    qtbot.keyClicks(wizard.settings_page.name_edit, "summit")
    type_into(qtbot, setting(wizard, "base_url"), sandbox.url("10times"))
    type_into(qtbot, setting(wizard, "event"), "1001")
    type_into(qtbot, setting(wizard, "channel"), "web")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_SECRETS
    keychain_checked(qtbot, wizard)
    assert "keychain" in wizard.secrets_page.keychain.text().lower()
    secret = wizard.secrets_page.edits["api_key"]
    assert secret.echoMode() == QLineEdit.EchoMode.Password
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # the key is required
    qtbot.keyClicks(secret, "sandbox-key")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)

    assert wizard.currentId() == PAGE_TEST
    page = wizard.test_page
    assert page.send_button.isVisible() and not page.test_button.isVisible()  # no test endpoint
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith("✔"), timeout=20_000)
    assert "200" in page.exchange.status.text()
    assert "sandbox-key" not in page.exchange.request.toPlainText()
    assert sandbox.registrations(1001) == {"test.attendee@example.com": 1}

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_SUMMARY
    assert "summit" in wizard.summary_page.summary.text()
    with qtbot.waitSignal(wizard.connectorSaved, timeout=5000) as saved:
        press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert saved.args == ["summit"]

    profile = ProfileStore().get("summit")
    assert profile.platform == "10times"
    assert profile.settings["event"] == "1001"
    assert profile.settings["base_url"] == sandbox.url("10times")
    assert profile.last_test_ok is True
    assert SecretStore().get("summit", "api_key") == "sandbox-key"


def test_a_wrong_setting_is_explained_under_its_field_and_blocks_next(qtbot: QtBot) -> None:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "10times")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.keyClicks(wizard.settings_page.name_edit, "summit")
    type_into(qtbot, setting(wizard, "event"), "abc")
    form = wizard.settings_page.form
    assert form is not None
    assert "whole number" in form.errors["event"].text()
    assert form.errors["event"].isVisibleTo(wizard)

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_SETTINGS
    assert form.errors["channel"].text() == "⚠ Required."


def test_a_name_already_taken_is_refused(qtbot: QtBot, tentimes: str) -> None:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "10times")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.keyClicks(wizard.settings_page.name_edit, tentimes)
    assert "already exists" in wizard.settings_page.name_error.text()


def test_editing_keeps_the_stored_secret_and_changes_a_setting(qtbot: QtBot, tentimes: str) -> None:
    wizard = open_wizard(qtbot, edit_name=tentimes)
    assert wizard.currentId() == PAGE_SETTINGS
    assert wizard.settings_page.name_edit.isReadOnly()
    type_into(qtbot, setting(wizard, "channel"), "box office")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    keychain_checked(qtbot, wizard)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # secret already stored
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    finish(qtbot, wizard)

    profile = ProfileStore().get(tentimes)
    assert profile.settings["channel"] == "box office"
    assert profile.secret_names == ["api_key"]
    assert SecretStore().get(tentimes, "api_key") == "sandbox-key"


def test_duplicating_copies_settings_and_secret_under_a_new_name(
    qtbot: QtBot, tentimes: str
) -> None:
    wizard = open_wizard(qtbot, duplicate_of=tentimes)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.settings_page.name_edit.text() == f"{tentimes}-copy"
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    keychain_checked(qtbot, wizard)
    for _ in range(2):
        press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_SUMMARY
    finish(qtbot, wizard)

    copy = ProfileStore().get(f"{tentimes}-copy")
    assert copy.settings["event"] == "1001"
    assert SecretStore().get(f"{tentimes}-copy", "api_key") == "sandbox-key"
