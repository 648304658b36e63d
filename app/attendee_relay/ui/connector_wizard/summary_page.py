"""Wizard page 5: what will be saved; Finish stores the secrets and the profile (in the
background: the keychain may be slow or ask the user) and closes the wizard once they are."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWizardPage

from attendee_relay.connectors.registry import connector_class
from attendee_relay.ui.connector_wizard.saving import token_secret_names
from attendee_relay.ui.connector_wizard.settings_form import field_label
from attendee_relay.ui.tasks import run_in_background
from attendee_relay.ui.words import secret_label

if TYPE_CHECKING:
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard


class SummaryPage(QWizardPage):
    """A read-only summary; saving problems are shown here in words."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Summary")
        self.setSubTitle("Check the connector, then press Finish to save it.")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("Summary")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop around the text
        scroll.setWidget(self.summary)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Saving problem")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        self.setFinalPage(True)
        self._saving = False
        self._saved = False

    def _wizard(self) -> ConnectorWizard:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        wizard = self._wizard()
        cls = connector_class(wizard.platform())
        connector = wizard.connector()
        rows = [("Name", wizard.connector_name()), ("Platform", cls.title)]
        for key, value in connector.settings.model_dump(mode="json").items():
            rows.append((field_label(key), _shown(value)))
        typed = wizard.typed_secrets()
        tokens = set(token_secret_names(wizard.platform()))
        for name in cls.secret_names:
            if name in tokens:
                continue
            if name in typed:
                state = "will be stored in the keychain"
            elif wizard.has_stored_secret(name):
                state = "kept as stored" if wizard.mode == "edit" else "copied from the original"
            else:
                state = "none"
            rows.append((secret_label(name), state))
        if wizard.signs_in_with_oauth():
            rows.append(("Sign-in", self._sign_in_state()))
        outcome = wizard.test_outcome
        rows.append(
            (
                "Connection",
                "not tested"
                if outcome is None
                else ("OK — " if outcome.ok else "failed — ") + outcome.message,
            )
        )
        body = "".join(
            f"<tr><td style='padding-right:16px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
            for k, v in rows
        )
        self.summary.setText(f"<table>{body}</table>")
        self.error.clear()
        self._saved = False

    def _sign_in_state(self) -> str:
        wizard = self._wizard()
        if wizard.tokens is not None:
            return "signed in: the tokens will be stored in the keychain"
        stored = wizard.stored_secrets() or {}
        if wizard.mode == "edit" and stored.get("access_token"):
            return "kept as signed in before"
        return "not signed in (sign in later from this wizard or with attendee-relay login)"

    def isComplete(self) -> bool:
        return not self._saving

    def validatePage(self) -> bool:
        # Finish starts the save in the background and keeps the wizard open; once saved, the
        # wizard is accepted again and this returns True.
        if self._saved:
            return True
        if self._saving:
            return False
        wizard = self._wizard()
        self._saving = True
        self.error.setText("Saving…")
        self.completeChanged.emit()
        run_in_background(wizard.save_job(), self._stored, self._not_stored, owner=self)
        return False

    def _stored(self, name: str) -> None:
        self._saving = False
        self._saved = True
        self.error.clear()
        wizard = self._wizard()
        wizard.saved(name)
        wizard.accept()

    def _not_stored(self, err: BaseException) -> None:
        # The core's errors are one sentence each; show it and keep the page.
        self._saving = False
        self.error.setText(f"⚠ {err or type(err).__name__}")
        self.completeChanged.emit()


def _shown(value: object) -> str:
    """A setting's value as the summary shows it."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items()) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value != "" else "—"
