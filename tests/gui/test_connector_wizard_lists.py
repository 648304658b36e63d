"""ExpoPlatform and iVvy in the connector wizard against the sandbox over real HTTP: their
settings, the real connection test, and the pickers filled from the platform's own lists
(categories; groups, custom fields, lead source/type/stage) that fill the saved settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QListWidget, QWizard
from pytestqt.qtbot import QtBot

from attendee_relay.core.profiles import ProfileStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.connector_wizard.choice_list import ID_ROLE
from attendee_relay.ui.connector_wizard.wizard import (
    PAGE_LISTS,
    PAGE_SUMMARY,
    PAGE_TEST,
    ConnectorWizard,
)
from gui.test_connector_wizard import (
    choose_platform,
    finish,
    keychain_checked,
    open_wizard,
    press,
    setting,
    type_into,
)

NEXT = QWizard.WizardButton.NextButton


def click_item(qtbot: QtBot, listing: QListWidget, ident: str, *, tick: bool = False) -> None:
    item = next(
        listing.item(i) for i in range(listing.count()) if listing.item(i).data(ID_ROLE) == ident
    )
    listing.scrollToItem(item)
    rect = listing.visualItemRect(item)
    if tick:  # the check box sits at the item's left edge
        point = rect.topLeft() + type(rect.topLeft())(10, rect.height() // 2)
        qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=point)
    else:
        qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def run_connection_test(qtbot: QtBot, wizard: ConnectorWizard) -> str:
    assert wizard.currentId() == PAGE_TEST
    page = wizard.test_page
    assert page.test_button.isVisible()  # a real test endpoint, not a test attendee
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith(("✔", "✘")), timeout=20_000)
    return page.result.text()


def lists_loaded(qtbot: QtBot, wizard: ConnectorWizard) -> None:
    assert wizard.currentId() == PAGE_LISTS
    qtbot.waitUntil(wizard.lists_page.isComplete, timeout=20_000)


def to_expoplatform_lists(qtbot: QtBot, sandbox: SandboxServer) -> ConnectorWizard:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "ExpoPlatform")
    press(qtbot, wizard, NEXT)
    form = wizard.settings_page.form
    assert form is not None
    status, send_email, encoding = (
        form.editors["status"],
        form.editors["send_email"],
        form.editors["form_encoding"],
    )
    # Empty: no status is sent, so re-imported visitors keep theirs (issue 12).
    assert isinstance(status, QComboBox) and status.currentText() == ""
    assert isinstance(send_email, QCheckBox) and not send_email.isChecked()
    assert isinstance(encoding, QComboBox) and encoding.currentText() == "multipart"
    qtbot.keyClicks(wizard.settings_page.name_edit, "expo")
    type_into(qtbot, setting(wizard, "base_url"), sandbox.url("expoplatform"))
    type_into(qtbot, setting(wizard, "event"), "1001")
    press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    qtbot.keyClicks(wizard.secrets_page.edits["api_key"], "sandbox-key")
    press(qtbot, wizard, NEXT)
    assert run_connection_test(qtbot, wizard).startswith("✔ Connected")
    press(qtbot, wizard, NEXT)
    lists_loaded(qtbot, wizard)
    return wizard


def test_expoplatform_categories_are_listed_created_and_copied_for_the_mapping(
    qtbot: QtBot, sandbox: SandboxServer
) -> None:
    wizard = to_expoplatform_lists(qtbot, sandbox)
    page = wizard.lists_page
    box = page.boxes["categories"]
    assert box.state.text() == "The list is empty."
    assert page.category_name is not None and page.create_button is not None
    qtbot.keyClicks(page.category_name, "VIP")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.list.count() == 1 and page.isComplete(), timeout=20_000)
    assert box.list.item(0).text().startswith("VIP  (id ")
    ident = str(box.list.item(0).data(ID_ROLE))
    assert {"VIP"} == set(sandbox.received()["expoplatform"]["1001"]["categories"].values())

    click_item(qtbot, box.list, ident)
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == ident

    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_SUMMARY
    finish(qtbot, wizard)
    assert ProfileStore().get("expo").settings["event"] == "1001"


def test_a_wrong_expoplatform_key_fails_the_test_and_the_lists_say_why(
    qtbot: QtBot, sandbox: SandboxServer
) -> None:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "ExpoPlatform")
    press(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.settings_page.name_edit, "expo")
    type_into(qtbot, setting(wizard, "base_url"), sandbox.url("expoplatform"))
    type_into(qtbot, setting(wizard, "event"), "1001")
    press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    qtbot.keyClicks(wizard.secrets_page.edits["api_key"], "wrong-key")
    press(qtbot, wizard, NEXT)
    assert run_connection_test(qtbot, wizard).startswith("✘ Failed")
    press(qtbot, wizard, NEXT)
    lists_loaded(qtbot, wizard)
    state = wizard.lists_page.boxes["categories"].state.text()
    assert state.startswith("⚠") and "key" in state.lower()


def to_ivvy_lists(qtbot: QtBot, sandbox: SandboxServer) -> ConnectorWizard:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "iVvy")
    press(qtbot, wizard, NEXT)
    form = wizard.settings_page.form
    assert form is not None
    region = form.editors["region"]
    assert isinstance(region, QComboBox)
    assert [region.itemText(i) for i in range(region.count())] == [
        "",
        "ap-southeast-2",
        "us-west-2",
        "eu-west-2",
    ]
    assert {"groups", "create_lead", "lead_source_id"} <= set(form.editors)
    qtbot.keyClicks(wizard.settings_page.name_edit, "iv")
    type_into(qtbot, setting(wizard, "base_url"), sandbox.url("ivvy"))
    # iVvy publishes no list of industries, and a contact's new lead needs one: typed here.
    type_into(qtbot, setting(wizard, "lead_industry_id"), "5")
    press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    qtbot.keyClicks(wizard.secrets_page.edits["api_key"], "sandbox-key")
    qtbot.keyClicks(wizard.secrets_page.edits["api_secret"], "sandbox-secret")
    press(qtbot, wizard, NEXT)
    assert run_connection_test(qtbot, wizard).startswith("✔ Connected")
    press(qtbot, wizard, NEXT)
    lists_loaded(qtbot, wizard)
    return wizard


def test_ivvy_groups_and_lead_choices_from_its_lists_are_saved_in_the_settings(
    qtbot: QtBot, sandbox: SandboxServer
) -> None:
    wizard = to_ivvy_lists(qtbot, sandbox)
    page = wizard.lists_page
    groups = page.boxes["groups"].list
    assert [groups.item(i).text() for i in range(groups.count())] == [
        "Newsletter  (id 10) — 0 members",
        "VIP  (id 11) — 0 members",
    ]
    custom = page.boxes["custom_fields"].list
    assert custom.item(0).text().startswith("Dietary needs  → customFields[33443]")
    click_item(qtbot, custom, "33443")
    qtbot.mouseClick(page.boxes["custom_fields"].copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "customFields[33443]"  # what the mapping takes
    assert not page.boxes["lead_stages"].isEnabled()  # leads are off

    click_item(qtbot, groups, "11", tick=True)
    qtbot.mouseClick(page.lead_box, Qt.MouseButton.LeftButton)
    assert page.boxes["lead_stages"].isEnabled()
    click_item(qtbot, page.boxes["lead_sources"].list, "2")
    click_item(qtbot, page.boxes["lead_types"].list, "1")
    press(qtbot, wizard, NEXT)  # no stage yet: refused, in words
    assert wizard.currentId() == PAGE_LISTS
    assert "lead_stage_id" in page.problem.text()

    click_item(qtbot, page.boxes["lead_stages"].list, "3")
    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_SUMMARY
    finish(qtbot, wizard)
    settings = ProfileStore().get("iv").settings
    assert settings["groups"] == ["11"]
    assert settings["create_lead"] is True
    assert (settings["lead_source_id"], settings["lead_type_id"], settings["lead_stage_id"]) == (
        "2",
        "1",
        "3",
    )
    assert settings["lead_industry_id"] == "5"


def test_ivvy_lists_preselect_what_the_settings_already_have(
    qtbot: QtBot, sandbox: SandboxServer
) -> None:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "iVvy")
    press(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.settings_page.name_edit, "iv")
    type_into(qtbot, setting(wizard, "base_url"), sandbox.url("ivvy"))
    type_into(qtbot, setting(wizard, "groups"), "10, 99")
    press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    qtbot.keyClicks(wizard.secrets_page.edits["api_key"], "sandbox-key")
    qtbot.keyClicks(wizard.secrets_page.edits["api_secret"], "sandbox-secret")
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)  # skip the test
    lists_loaded(qtbot, wizard)
    box = wizard.lists_page.boxes["groups"]
    assert box.list.item(0).checkState() == Qt.CheckState.Checked
    assert box.list.item(1).checkState() == Qt.CheckState.Unchecked
    assert "not in the list: 99" in box.state.text()
    assert box.chosen_ids() == ["99", "10"]  # an unlisted id is kept, never dropped silently
