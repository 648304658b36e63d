"""Send a test record by keyboard: Ctrl+T, the form's fields by Tab, Alt+S (its underlined S) or
Ctrl+Return sends over real HTTP to the sandbox, the answer in words, Esc closes."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui import test_push
from attendee_relay.ui.main_window import MainWindow
from journeys.person import Person, internal_words


@pytest.mark.parametrize("send_key", ["Alt+S", "Ctrl+Return"])
def test_a_test_record_typed_and_sent_by_keyboard_is_delivered(
    qtbot: QtBot,
    person: Person,
    app_window: MainWindow,
    sandbox: SandboxServer,
    tentimes: str,
    send_key: str,
) -> None:
    person.presses("Ctrl+T")
    dialog = person.sees_window(test_push.TestPushDialog)
    person.waits_for(lambda: dialog.form is not None)
    person.tabs_to("Name")
    person.types("Ada Lovelace")
    person.tabs_to("E-mail")
    person.types("ada@example.org")
    person.presses(send_key)
    person.waits_for(lambda: dialog.result_label.text().startswith("✔ Delivered"))
    assert person.focused().accessibleName() == "E-mail"  # no "s" typed into the field
    assert person.focused().text() == "ada@example.org"
    assert sandbox.registrations(1001) == {"ada@example.org": 1}
    assert [r.kind for r in HistoryStore().list_runs()] == ["push"]
    assert internal_words(dialog) == []

    person.presses("Esc")
    person.no_window(test_push.TestPushDialog)
