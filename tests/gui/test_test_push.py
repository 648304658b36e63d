"""The test push dialog against the sandbox: a form from the connector's fields, Send, and the
exchange shown as a REST client shows it; every push is recorded in history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from attendee_relay.core.history import HistoryStore
from attendee_relay.sandbox.server import SandboxServer
from attendee_relay.ui import test_push


def open_dialog(qtbot: QtBot, connector: str) -> test_push.TestPushDialog:
    dialog = test_push.TestPushDialog(connector_name=connector)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    return dialog


def test_a_test_record_is_delivered_and_the_exchange_shown(
    qtbot: QtBot, sandbox: SandboxServer, tentimes: str
) -> None:
    dialog = open_dialog(qtbot, tentimes)
    assert dialog.form is not None
    email = dialog.form.editors["email"]
    assert "Required." in email.toolTip()
    qtbot.keyClicks(dialog.form.editors["name"], "Ada Lovelace")
    qtbot.keyClicks(email, "ada@example.org")
    with qtbot.waitSignal(dialog.pushed, timeout=20_000) as pushed:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

    assert dialog.result_label.text().startswith("✔ Delivered")
    assert dialog.exchange.status.text().startswith("<b>200 OK · ")
    request = dialog.exchange.request.toPlainText()
    assert request.startswith("POST ") and "attendee[0][email] = ada@example.org" in request
    assert "key = ••••••" in request
    assert "sandbox-key" not in request
    assert dialog.exchange.response.toPlainText() != "(no response)"
    assert sandbox.registrations(1001) == {"ada@example.org": 1}
    run = HistoryStore().get_run(pushed.args[0])
    assert run.kind == "push" and run.counts.delivered == 1


def test_a_bad_record_is_refused_before_anything_is_sent(
    qtbot: QtBot, sandbox: SandboxServer, tentimes: str
) -> None:
    dialog = open_dialog(qtbot, tentimes)
    assert dialog.form is not None
    qtbot.keyClicks(dialog.form.editors["name"], "Ada")
    qtbot.keyClicks(dialog.form.editors["email"], "not-an-email")
    with qtbot.waitSignal(dialog.pushed, timeout=20_000):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text().startswith("✘ Refused")
    assert dialog.exchange.request.toPlainText() == "(nothing was sent)"
    assert sandbox.registrations(1001) == {}


def test_a_missing_required_field_is_named(qtbot: QtBot, tentimes: str) -> None:
    dialog = open_dialog(qtbot, tentimes)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text() == "⚠ Fill in Name, E-mail first."
    assert dialog.form is not None
    qtbot.keyClicks(dialog.form.editors["name"], "Ada")
    assert dialog.result_label.text() == ""  # the warning no longer holds once the form changes


def test_with_no_connector_the_dialog_says_what_to_do(qtbot: QtBot) -> None:
    dialog = test_push.TestPushDialog()
    qtbot.addWidget(dialog)
    assert "Add one first" in dialog.problem.text()
    assert not dialog.send_button.isEnabled()


def test_a_wrong_key_reads_as_not_delivered_even_over_a_200(
    qtbot: QtBot, sandbox: SandboxServer, tentimes: str
) -> None:
    """10times answers a wrong key with HTTP 200 and a refusal in the body: the dialog must not
    read as a success ("pending" over a bold "200 OK" once did)."""
    from attendee_relay.core.secrets import SecretStore

    SecretStore().set(tentimes, "api_key", "not-the-key")
    dialog = open_dialog(qtbot, tentimes)
    assert dialog.form is not None
    qtbot.keyClicks(dialog.form.editors["name"], "Ada Lovelace")
    qtbot.keyClicks(dialog.form.editors["email"], "ada@example.org")
    with qtbot.waitSignal(dialog.pushed, timeout=20_000):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text().startswith("✘ Not delivered: ")
    assert "pending" not in dialog.result_label.text()
    status = dialog.exchange.status.text()
    assert status.startswith("<b>200 OK") and "did not take the attendee" in status
