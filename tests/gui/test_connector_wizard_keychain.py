"""The connector wizard never calls the keychain on the GUI thread: a slow or locked keychain
(one that waits for the user to unlock it) leaves the window working."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from attendee_relay.core.profiles import ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.ui.connector_wizard.wizard import PAGE_SUMMARY, PAGE_TEST
from gui.test_connector_wizard import keychain_checked, open_wizard, press, setting, type_into

NEXT = QWizard.WizardButton.NextButton


class LockedKeyring(keyring.backend.KeyringBackend):
    """A keychain that answers only once ``unlocked`` is set (as a locked one waits for the
    user's password) and records which thread asked."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, store: dict[tuple[str, str], str]) -> None:
        super().__init__()
        self.store = store
        self.unlocked = threading.Event()
        self.callers: list[str] = []

    def _wait(self) -> None:
        self.callers.append(threading.current_thread().name)
        # A wizard that asked on the GUI thread would freeze here (and this test then fails on
        # the thread name); 5 s bounds that failure.
        self.unlocked.wait(5)

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._wait()
        self.store.pop((service, username), None)


@pytest.fixture
def locked(tentimes: str) -> Iterator[LockedKeyring]:
    """The ``demo`` connector's key behind a locked keychain."""
    previous = keyring.get_keyring()
    backend = LockedKeyring(dict(previous.store))  # type: ignore[attr-defined]
    keyring.set_keyring(backend)
    yield backend
    backend.unlocked.set()
    keyring.set_keyring(previous)


def test_editing_with_a_locked_keychain_keeps_the_window_working(
    qtbot: QtBot, tentimes: str, locked: LockedKeyring
) -> None:
    wizard = open_wizard(qtbot, edit_name=tentimes)
    # The original's secrets are being read; the window still takes typing and clicks.
    type_into(qtbot, setting(wizard, "channel"), "box office")
    assert setting(wizard, "channel").text() == "box office"
    press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    assert wizard.stored_secrets() is None  # still locked
    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_TEST

    locked.unlocked.set()  # the user unlocks the keychain
    qtbot.waitUntil(lambda: wizard.stored_secrets() is not None, timeout=5000)
    assert wizard.stored_secrets() == {"api_key": "sandbox-key"}
    assert locked.callers and threading.main_thread().name not in locked.callers


def test_finish_saves_in_the_background_while_the_keychain_is_locked(
    qtbot: QtBot, tentimes: str, locked: LockedKeyring
) -> None:
    locked.unlocked.set()  # reading the original is quick here; the save below waits
    wizard = open_wizard(qtbot, duplicate_of=tentimes)
    qtbot.waitUntil(lambda: wizard.stored_secrets() is not None, timeout=5000)
    locked.unlocked.clear()
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)
    keychain_checked(qtbot, wizard)
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)
    assert wizard.currentId() == PAGE_SUMMARY

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    page = wizard.summary_page
    assert page.error.text() == "Saving…"
    assert wizard.isVisible() and not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not ProfileStore().exists(f"{tentimes}-copy")

    with qtbot.waitSignal(wizard.connectorSaved, timeout=5000):
        locked.unlocked.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
    callers = list(locked.callers)
    assert callers and threading.main_thread().name not in callers
    assert SecretStore().get(f"{tentimes}-copy", "api_key") == "sandbox-key"
