"""The connector wizard's *Sign in with GEVME* page against the sandbox's OAuth server over real
HTTP, the test playing the browser: signed in, declined, no browser + Cancel; tokens reach the
keychain only on Finish and are never typed on the secrets page."""

from __future__ import annotations

import threading
import webbrowser
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui.connector_wizard.wizard import (
    PAGE_SECRETS,
    PAGE_SIGN_IN,
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

if TYPE_CHECKING:
    from tests.conftest import MemoryKeyring

NEXT = QWizard.WizardButton.NextButton


class Browser:
    """Plays the system browser: follows the authorize redirect to the loopback listener."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opens = True
        self.choice = "allow"
        self.urls: list[str] = []
        self.threads: list[threading.Thread] = []
        monkeypatch.setattr(webbrowser, "open", self.open)

    def open(self, url: str, *args: object, **kwargs: object) -> bool:
        self.urls.append(url)
        if self.opens:
            thread = threading.Thread(target=self._visit, args=(url,), daemon=True)
            self.threads.append(thread)
            thread.start()
        return self.opens

    def _visit(self, url: str) -> None:
        with httpx.Client(timeout=10) as http:
            response = http.get(url)
            if response.status_code == 200 and "id='allow'" in response.text:  # consent page
                link = response.text.split(f"id='{self.choice}' href='")[1].split("'")[0]
                response = http.get(httpx.URL(url).join(link.replace("&amp;", "&")))
            http.get(response.headers["location"])

    def join(self) -> None:
        for thread in self.threads:
            thread.join(10)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    return Browser(monkeypatch)


def to_sign_in_page(qtbot: QtBot, sandbox: SandboxServer, name: str = "gv") -> ConnectorWizard:
    wizard = open_wizard(qtbot)
    choose_platform(qtbot, wizard, "GEVME")
    press(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.settings_page.name_edit, name)
    type_into(qtbot, setting(wizard, "base_url"), sandbox.url("gevme"))
    type_into(qtbot, setting(wizard, "client_id"), "sandbox-client")
    type_into(qtbot, setting(wizard, "event"), "2001")
    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_SECRETS
    keychain_checked(qtbot, wizard)
    qtbot.keyClicks(wizard.secrets_page.edits["client_secret"], "sandbox-secret")
    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_SIGN_IN
    return wizard


def test_the_secrets_page_asks_for_the_client_secret_but_never_for_tokens(
    qtbot: QtBot, sandbox: SandboxServer
) -> None:
    wizard = to_sign_in_page(qtbot, sandbox)
    assert list(wizard.secrets_page.edits) == ["client_secret"]


def test_signing_in_in_the_browser_then_testing_and_saving_stores_the_tokens(
    qtbot: QtBot, sandbox: SandboxServer, browser: Browser, memory_keyring: MemoryKeyring
) -> None:
    wizard = to_sign_in_page(qtbot, sandbox)
    page = wizard.sign_in_page
    assert page.sign_in_button.text() == "&Sign in with GEVME"
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("✔"), timeout=20_000)
    assert "Signed in to GEVME" in page.status.text()
    query = parse_qs(urlsplit(browser.urls[0]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert urlsplit(query["redirect_uri"][0]).hostname == "127.0.0.1"
    assert ("attendee-relay", "gv:access_token") not in memory_keyring.store  # not before Finish

    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_TEST
    test = wizard.test_page
    assert test.test_button.isVisible()
    qtbot.mouseClick(test.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: test.result.text().startswith(("✔", "✘")), timeout=20_000)
    assert test.result.text().startswith("✔ Connected"), test.result.text()

    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_SUMMARY
    summary = wizard.summary_page.summary.text()
    assert "signed in" in summary and "access_token" not in summary
    finish(qtbot, wizard)
    assert ProfileStore().get("gv").platform == "gevme"
    assert ("attendee-relay", "gv:access_token") in memory_keyring.store
    assert ("attendee-relay", "gv:refresh_token") in memory_keyring.store
    assert memory_keyring.store[("attendee-relay", "gv:client_secret")] == "sandbox-secret"


def test_the_address_is_shown_with_copy_when_no_browser_opens_and_cancel_stops_the_wait(
    qtbot: QtBot, sandbox: SandboxServer, browser: Browser
) -> None:
    browser.opens = False
    wizard = to_sign_in_page(qtbot, sandbox)
    page = wizard.sign_in_page
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No browser could be started" in page.status.text(), timeout=10_000)
    assert page.address.text().startswith(sandbox.url("gevme"))
    assert not wizard.button(NEXT).isEnabled()  # not while waiting
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == page.address.text()

    assert page.cancel_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Sign-in cancelled"), timeout=5000)
    assert page.sign_in_button.isEnabled() and not page.cancel_button.isEnabled()
    assert wizard.button(NEXT).isEnabled()  # signing in later is allowed
    assert wizard.tokens is None


def test_a_declined_sign_in_says_why(
    qtbot: QtBot, sandbox: SandboxServer, browser: Browser
) -> None:
    sandbox.configure(oauth_auto_approve=False)
    browser.choice = "deny"
    wizard = to_sign_in_page(qtbot, sandbox)
    page = wizard.sign_in_page
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("✘"), timeout=20_000)
    assert "declined (access_denied)" in page.status.text()
    assert wizard.tokens is None


def test_closing_the_wizard_while_waiting_frees_the_sign_in(
    qtbot: QtBot, sandbox: SandboxServer, browser: Browser
) -> None:
    browser.opens = False
    wizard = to_sign_in_page(qtbot, sandbox)
    page = wizard.sign_in_page
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is not None, timeout=10_000)
    redirect = page.flow.redirect_uri if page.flow else ""
    wizard.reject()
    assert page.flow is None

    def port_free() -> bool:
        try:
            httpx.get(redirect, timeout=0.5)
        except httpx.ConnectError:
            return True
        except httpx.HTTPError:
            return False
        return False

    qtbot.waitUntil(port_free, timeout=5000)


def save_signed_in_gevme(sandbox: SandboxServer) -> str:
    ProfileStore().save(
        ConnectorProfile(
            name="gv",
            platform="gevme",
            settings={
                "base_url": sandbox.url("gevme"),
                "client_id": "sandbox-client",
                "event": "2001",
            },
            secret_names=["client_secret"],
        )
    )
    store = SecretStore()
    store.set("gv", "client_secret", "sandbox-secret")
    store.set("gv", "access_token", "old-access")
    store.set("gv", "refresh_token", "old-refresh")
    return "gv"


def test_editing_a_signed_in_connector_says_so_and_keeps_the_sign_in(
    qtbot: QtBot, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    wizard = open_wizard(qtbot, edit_name=save_signed_in_gevme(sandbox))
    press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_SIGN_IN
    page = wizard.sign_in_page
    qtbot.waitUntil(lambda: page.status.text().startswith("Signed in before"), timeout=5000)
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)
    assert "kept as signed in before" in wizard.summary_page.summary.text()
    finish(qtbot, wizard)
    assert memory_keyring.store[("attendee-relay", "gv:access_token")] == "old-access"


def test_a_copy_of_a_signed_in_connector_signs_in_on_its_own(
    qtbot: QtBot, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    wizard = open_wizard(qtbot, duplicate_of=save_signed_in_gevme(sandbox))
    for _ in range(2):
        press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    press(qtbot, wizard, NEXT)
    assert wizard.sign_in_page.status.text() == "Not signed in yet."
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)
    finish(qtbot, wizard)
    assert memory_keyring.store[("attendee-relay", "gv-copy:client_secret")] == "sandbox-secret"
    assert ("attendee-relay", "gv-copy:access_token") not in memory_keyring.store
    assert ("attendee-relay", "gv-copy:refresh_token") not in memory_keyring.store
