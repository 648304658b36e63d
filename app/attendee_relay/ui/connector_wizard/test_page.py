"""Wizard page 4: a real connection test in the background, or, where the platform has no test
endpoint, one test attendee the user chooses to send (through the test push machinery)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizardPage

from attendee_relay.core.connection_test import test_connection
from attendee_relay.core.connector_api import ConnectionTestResult, Connector
from attendee_relay.core.redaction import Redactor
from attendee_relay.ui.connector_wizard.saving import TestOutcome
from attendee_relay.ui.exchange_view import ExchangeView
from attendee_relay.ui.icons import icon
from attendee_relay.ui.push_sending import PushOutcome, send_test_record
from attendee_relay.ui.record_form import RecordForm, test_values
from attendee_relay.ui.tasks import run_in_background

if TYPE_CHECKING:
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard


class TestPage(QWizardPage):
    """Check the connector for real before saving it; skipping is allowed (and shown in the
    summary as "not tested")."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check the connection")
        self.setSubTitle("A real check against the platform, before anything is saved.")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.test_button = QPushButton(icon("refresh"), "&Test the connection", self)
        self.test_button.setAccessibleName("Test the connection")
        self.send_button = QPushButton(icon("send"), "&Send one test attendee", self)
        self.send_button.setAccessibleName("Send one test attendee")
        self.send_button.setToolTip(
            "Sends the attendee below to the platform for real; it is recorded in the history."
        )
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Test result")
        self.exchange = ExchangeView(self)
        self.exchange.hide()
        self.record_form: RecordForm | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        self.form_slot = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form_slot)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.exchange, 1)
        self.test_button.clicked.connect(self.run_connection_test)
        self.send_button.clicked.connect(self.send_test_attendee)
        self._busy = False

    def _wizard(self) -> ConnectorWizard:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        wizard = self._wizard()
        connector = wizard.connector()
        has_test = _has_test_endpoint(connector)
        self.test_button.setVisible(has_test)
        self.send_button.setVisible(not has_test)
        self.result.clear()
        self.exchange.hide()
        wizard.test_outcome = None
        if self.record_form is not None:
            self.record_form.deleteLater()
            self.record_form = None
        if has_test:
            self.intro.setText(
                f"Attendee Relay will ask {connector.title} whether these settings and secrets "
                "work. Nothing is registered. You may skip this and test later."
            )
            self.test_button.setFocus()
        else:
            self.intro.setText(
                f"{connector.title} has no test endpoint. To check the connector, send one test "
                "attendee: it is a real registration (you may delete it on the platform "
                "afterwards) and is recorded in the history. Or press Next to skip."
            )
            self.record_form = RecordForm(connector.target_fields(), self, required_only=True)
            self.record_form.set_values(test_values(self.record_form.fields))
            self.record_form.changed.connect(self._form_changed)
            self.form_slot.addWidget(self.record_form)
            self.send_button.setFocus()

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        self.test_button.setEnabled(not busy)
        self.send_button.setEnabled(not busy)
        if message:
            self.result.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._busy

    @Slot()
    def run_connection_test(self) -> None:
        wizard = self._wizard()
        connector, secrets_job = wizard.connector(), wizard.secrets_job()

        def work() -> tuple[ConnectionTestResult | None, Redactor]:
            secrets = secrets_job()  # may read the keychain: here, off the GUI thread
            return test_connection(connector, secrets), Redactor(secrets.values())

        self._set_busy(True, "Testing…")
        run_in_background(work, self._tested, self._failed, owner=self)

    def _tested(self, answer: tuple[ConnectionTestResult | None, Redactor]) -> None:
        result, redactor = answer
        if result is None:
            result = ConnectionTestResult(False, "The platform has no test endpoint.")
        message = redactor.text(result.message)
        self._wizard().test_outcome = TestOutcome(result.ok, message)
        self._set_busy(False, ("✔ Connected: " if result.ok else "✘ Failed: ") + message)

    @Slot()
    def _form_changed(self) -> None:
        # "Fill in … first" is about the form as it was: once it changes, it may be untrue.
        if self.result.text().startswith("⚠"):
            self.result.clear()

    @Slot()
    def send_test_attendee(self) -> None:
        assert self.record_form is not None
        missing = self.record_form.missing_required()
        if missing:
            self.result.setText(f"⚠ Fill in {', '.join(missing)} first.")
            return
        wizard = self._wizard()
        connector, secrets_job, name = (
            wizard.connector(),
            wizard.secrets_job(),
            wizard.connector_name(),
        )
        fields = self.record_form.values()
        self._set_busy(True, "Sending one test attendee…")
        run_in_background(
            lambda: send_test_record(
                connector=connector, connector_name=name, secrets=secrets_job(), fields=fields
            ),
            self._sent,
            self._failed,
            owner=self,
        )

    def _sent(self, outcome: PushOutcome) -> None:
        if outcome.delivered:
            message = f"The platform accepted the test attendee (run {outcome.run_id} in history)."
        else:
            message = f"The platform did not take the test attendee: {outcome.reason}"
        self._wizard().test_outcome = TestOutcome(outcome.delivered, message)
        self._set_busy(False, ("✔ " if outcome.delivered else "✘ ") + message)
        self.exchange.show_exchange(
            outcome.request_text,
            outcome.response_text,
            outcome.status_code,
            outcome.elapsed_ms,
            # A "200 OK" alone would read as success over an answer that says no.
            summary="" if outcome.delivered else "but the platform did not take the attendee",
        )
        self.exchange.show()

    def _failed(self, err: BaseException) -> None:
        message = str(err) or type(err).__name__
        self._wizard().test_outcome = TestOutcome(False, message)
        self._set_busy(False, "✘ " + message)


def _has_test_endpoint(connector: Connector) -> bool:
    """Whether the platform has a connection test; asked with stand-in secrets, so that no
    keychain is read on the GUI thread (the real ones are used when the test runs)."""
    stand_in = dict.fromkeys(connector.secret_names, "x")
    try:
        return connector.connection_test_request(stand_in) is not None
    except Exception:  # e.g. "not signed in yet": there is a test, it will say what is missing
        return True
